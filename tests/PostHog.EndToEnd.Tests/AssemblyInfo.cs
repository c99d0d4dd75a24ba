// Every test here drives the one running system of its collection; two systems at once would starve a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
