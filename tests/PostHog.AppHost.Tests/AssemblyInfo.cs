// Each AppHost test starts a whole topology; two at once would starve the 2-core machines this runs on.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
