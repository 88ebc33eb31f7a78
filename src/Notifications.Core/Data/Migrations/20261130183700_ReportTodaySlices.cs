using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Notifications.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReportTodaySlices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The channel-reliability report's rollups of the days not yet sealed (today, and yesterday until it is):
            // the same counters as message_daily_stats per slice of a day (Notifications.Core.Reporting.DaySlices), a
            // slice being a whole number of minutes inside one UTC hour. A trigger marks the minute of a changed row
            // created more than a minute ago (DaySlices.MarkAge), so a slice that changed after it was computed is read raw.
            migrationBuilder.Sql("""
                CREATE TABLE message_slice_stats (
                    slice_start timestamptz NOT NULL,
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
                CREATE INDEX ix_message_slice_stats_app_id_slice_start ON message_slice_stats (app_id, slice_start);

                -- Slices computed, [slice_start, slice_end): they never overlap.
                CREATE TABLE message_stats_slices (slice_start timestamptz PRIMARY KEY, slice_end timestamptz NOT NULL, sealed_at timestamptz NOT NULL);

                -- Minutes (of today and yesterday) changed since they may have been computed.
                CREATE TABLE message_stats_dirty_minutes (minute timestamptz PRIMARY KEY);

                CREATE OR REPLACE FUNCTION message_stats_mark_row() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.created_at < date_trunc('day', statement_timestamp(), 'UTC') THEN
                        INSERT INTO message_stats_dirty (day) VALUES ((NEW.created_at AT TIME ZONE 'UTC')::date) ON CONFLICT DO NOTHING;
                    END IF;
                    IF NEW.created_at >= date_trunc('day', statement_timestamp(), 'UTC') - interval '1 day' THEN
                        INSERT INTO message_stats_dirty_minutes (minute) VALUES (date_trunc('minute', NEW.created_at)) ON CONFLICT DO NOTHING;
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE OR REPLACE FUNCTION message_stats_mark_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO message_stats_dirty (day)
                    SELECT DISTINCT (created_at AT TIME ZONE 'UTC')::date FROM deleted_rows
                    WHERE created_at < date_trunc('day', statement_timestamp(), 'UTC')
                    ON CONFLICT DO NOTHING;
                    INSERT INTO message_stats_dirty_minutes (minute)
                    SELECT DISTINCT date_trunc('minute', created_at) FROM deleted_rows
                    WHERE created_at >= date_trunc('day', statement_timestamp(), 'UTC') - interval '1 day'
                      AND created_at < statement_timestamp() - interval '1 minute'
                    ON CONFLICT DO NOTHING;
                    RETURN NULL;
                END $$;

                -- Rows created more than a minute ago (before today, as before, or earlier today): the send path's
                -- rows, changed within the minute they were created, cost one comparison per statement row.
                DROP TRIGGER messages_stats_inserted ON messages;
                CREATE TRIGGER messages_stats_inserted AFTER INSERT ON messages FOR EACH ROW
                    WHEN (NEW.created_at < statement_timestamp() - interval '1 minute')
                    EXECUTE FUNCTION message_stats_mark_row();

                DROP TRIGGER messages_stats_updated ON messages;
                CREATE TRIGGER messages_stats_updated AFTER UPDATE ON messages FOR EACH ROW
                    WHEN (OLD.created_at < statement_timestamp() - interval '1 minute'
                          AND (OLD.app_id, OLD.created_at, OLD.status, OLD.attempts, OLD.segments, OLD.country, OLD.sender, OLD.error_code,
                               OLD.fallback_status, OLD.fallback_reason, OLD.provider_sid IS NULL, OLD.confirmed_at IS NULL, OLD.final_at)
                              IS DISTINCT FROM
                              (NEW.app_id, NEW.created_at, NEW.status, NEW.attempts, NEW.segments, NEW.country, NEW.sender, NEW.error_code,
                               NEW.fallback_status, NEW.fallback_reason, NEW.provider_sid IS NULL, NEW.confirmed_at IS NULL, NEW.final_at))
                    EXECUTE FUNCTION message_stats_mark_row();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER messages_stats_updated ON messages;
                CREATE TRIGGER messages_stats_updated AFTER UPDATE ON messages FOR EACH ROW
                    WHEN (OLD.created_at < date_trunc('day', statement_timestamp(), 'UTC')
                          AND (OLD.app_id, OLD.created_at, OLD.status, OLD.attempts, OLD.segments, OLD.country, OLD.sender, OLD.error_code,
                               OLD.fallback_status, OLD.fallback_reason, OLD.provider_sid IS NULL, OLD.confirmed_at IS NULL, OLD.final_at)
                              IS DISTINCT FROM
                              (NEW.app_id, NEW.created_at, NEW.status, NEW.attempts, NEW.segments, NEW.country, NEW.sender, NEW.error_code,
                               NEW.fallback_status, NEW.fallback_reason, NEW.provider_sid IS NULL, NEW.confirmed_at IS NULL, NEW.final_at))
                    EXECUTE FUNCTION message_stats_mark_row();
                DROP TRIGGER messages_stats_inserted ON messages;
                CREATE TRIGGER messages_stats_inserted AFTER INSERT ON messages FOR EACH ROW
                    WHEN (NEW.created_at < date_trunc('day', statement_timestamp(), 'UTC'))
                    EXECUTE FUNCTION message_stats_mark_row();

                CREATE OR REPLACE FUNCTION message_stats_mark_row() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO message_stats_dirty (day) VALUES ((NEW.created_at AT TIME ZONE 'UTC')::date) ON CONFLICT DO NOTHING;
                    RETURN NULL;
                END $$;

                CREATE OR REPLACE FUNCTION message_stats_mark_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO message_stats_dirty (day)
                    SELECT DISTINCT (created_at AT TIME ZONE 'UTC')::date FROM deleted_rows
                    WHERE created_at < date_trunc('day', statement_timestamp(), 'UTC')
                    ON CONFLICT DO NOTHING;
                    RETURN NULL;
                END $$;

                DROP TABLE message_stats_dirty_minutes;
                DROP TABLE message_stats_slices;
                DROP TABLE message_slice_stats;
                """);
        }
    }
}
