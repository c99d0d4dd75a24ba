// Every integration class starts its own broker and real clients; on 2 cores running them one at a time keeps the
// group-rebalance timings predictable.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
