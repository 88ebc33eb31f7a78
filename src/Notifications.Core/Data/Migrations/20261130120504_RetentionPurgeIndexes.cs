using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Notifications.Core.Data.Migrations
{
    /// <summary>
    /// The indexes the retention purge reads by (RetentionPurgeJob in the worker). Built CONCURRENTLY, outside the
    /// migration's transaction (one statement each, as PostgreSQL requires), so the tables keep taking writes.
    /// They are not in the EF model: the two body indexes are partial on <c>body &lt;&gt; ''</c>, which says
    /// "still has its body" and is the purge's own concern. The messages one keys on <c>created_at</c>, which never
    /// changes, and its predicate names <c>body</c>, which only the purge changes: status callbacks touch neither,
    /// so they stay heap-only updates (see MessageConfiguration).
    /// </summary>
    public partial class RetentionPurgeIndexes : Migration
    {
        private static readonly string[] Indexes =
        [
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_messages_retention_body ON messages (created_at) WHERE body <> ''",
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_inbound_messages_retention_body ON inbound_messages (received_at) WHERE body <> ''",
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_consent_events_inbound_message_sid ON consent_events (inbound_message_sid) WHERE inbound_message_sid IS NOT NULL",
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_consent_events_recorded_at ON consent_events (recorded_at)",
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var index in Indexes)
            {
                migrationBuilder.Sql(index, suppressTransaction: true);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX IF EXISTS ix_messages_retention_body;
                DROP INDEX IF EXISTS ix_inbound_messages_retention_body;
                DROP INDEX IF EXISTS ix_consent_events_inbound_message_sid;
                DROP INDEX IF EXISTS ix_consent_events_recorded_at;
                """);
        }
    }
}
