using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Notifications.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReportDailyRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The channel-reliability report's daily rollups (Notifications.Core.Reporting.DailyStats): counters per
            // UTC day, app, country, sender, error code and fallback reason, and the delivered messages' times to
            // delivery as a sparse log histogram. Replaced a day at a time, so no key is needed beyond the lookup index.
            migrationBuilder.Sql("""
                CREATE TABLE message_daily_stats (
                    day date NOT NULL,
                    app_id varchar(100) NOT NULL,
                    country varchar(2) NOT NULL,
                    sender varchar(40),
                    error_code integer,
                    fallback_reason varchar(60),
                    messages integer NOT NULL,
                    attempts bigint NOT NULL,
                    segments bigint NOT NULL,
                    delivered integer NOT NULL,
                    undelivered integer NOT NULL,
                    failed integer NOT NULL,
                    fallbacks integer NOT NULL,
                    fallbacks_delivered integer NOT NULL,
                    handed_over integer NOT NULL,
                    confirmed integer NOT NULL,
                    latency_buckets integer[] NOT NULL,
                    latency_counts integer[] NOT NULL);
                CREATE INDEX ix_message_daily_stats_app_id_day ON message_daily_stats (app_id, day);

                -- Days whose rollups were computed after the day ended.
                CREATE TABLE message_stats_days (day date PRIMARY KEY, sealed_at timestamptz NOT NULL);

                -- Days changed since (or while not yet) sealed: the report reads them raw until the job recomputes them.
                CREATE TABLE message_stats_dirty (day date PRIMARY KEY);

                CREATE FUNCTION message_stats_mark_row() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO message_stats_dirty (day) VALUES ((NEW.created_at AT TIME ZONE 'UTC')::date) ON CONFLICT DO NOTHING;
                    RETURN NULL;
                END $$;

                CREATE FUNCTION message_stats_mark_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO message_stats_dirty (day)
                    SELECT DISTINCT (created_at AT TIME ZONE 'UTC')::date FROM deleted_rows
                    WHERE created_at < date_trunc('day', statement_timestamp(), 'UTC')
                    ON CONFLICT DO NOTHING;
                    RETURN NULL;
                END $$;

                -- Only rows created before the current UTC day: the send path's rows never fire the function, they
                -- cost it one comparison per statement row.
                CREATE TRIGGER messages_stats_inserted AFTER INSERT ON messages FOR EACH ROW
                    WHEN (NEW.created_at < date_trunc('day', statement_timestamp(), 'UTC'))
                    EXECUTE FUNCTION message_stats_mark_row();

                CREATE TRIGGER messages_stats_updated AFTER UPDATE ON messages FOR EACH ROW
                    WHEN (OLD.created_at < date_trunc('day', statement_timestamp(), 'UTC')
                          AND (OLD.app_id, OLD.created_at, OLD.status, OLD.attempts, OLD.segments, OLD.country, OLD.sender, OLD.error_code,
                               OLD.fallback_status, OLD.fallback_reason, OLD.provider_sid IS NULL, OLD.confirmed_at IS NULL, OLD.final_at)
                              IS DISTINCT FROM
                              (NEW.app_id, NEW.created_at, NEW.status, NEW.attempts, NEW.segments, NEW.country, NEW.sender, NEW.error_code,
                               NEW.fallback_status, NEW.fallback_reason, NEW.provider_sid IS NULL, NEW.confirmed_at IS NULL, NEW.final_at))
                    EXECUTE FUNCTION message_stats_mark_row();

                CREATE TRIGGER messages_stats_deleted AFTER DELETE ON messages
                    REFERENCING OLD TABLE AS deleted_rows FOR EACH STATEMENT
                    EXECUTE FUNCTION message_stats_mark_deleted();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER messages_stats_deleted ON messages;
                DROP TRIGGER messages_stats_updated ON messages;
                DROP TRIGGER messages_stats_inserted ON messages;
                DROP FUNCTION message_stats_mark_deleted();
                DROP FUNCTION message_stats_mark_row();
                DROP TABLE message_stats_dirty;
                DROP TABLE message_stats_days;
                DROP TABLE message_daily_stats;
                """);
        }
    }
}
