// One AppHost (with a 1×2 ClickHouse cluster) serves every test, and the tests kill its parts one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
