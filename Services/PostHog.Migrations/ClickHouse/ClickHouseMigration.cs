namespace PostHog.Migrations.ClickHouse;

/// <summary>One named ClickHouse migration: statements that are each safe to run again (IF NOT EXISTS).</summary>
public sealed record ClickHouseMigration(string Name, IReadOnlyList<string> Statements);
