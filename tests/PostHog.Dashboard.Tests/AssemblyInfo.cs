// The integration tests start servers (and one a whole topology); two at once would starve the 2-core machines.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
