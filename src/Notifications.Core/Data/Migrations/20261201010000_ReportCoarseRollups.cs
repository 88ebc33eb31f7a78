using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Notifications.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReportCoarseRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Coarser rollups derived from message_daily_stats (Notifications.Core.Reporting.DailyStats), so a report
            // over months reads a few rows per month or day instead of every day's rows of every country, sender and
            // error code: per UTC day and app, the totals by fallback reason (for the grouping by day); per UTC month,
            // the daily grain summed (for the other groupings). A day's totals are written and deleted with its daily
            // rows; a month's rows are recomputed whenever one of its days is, once every day of the month is sealed.
            migrationBuilder.Sql("""
                CREATE TABLE message_day_totals (
                    day date NOT NULL,
                    app_id varchar(100) NOT NULL,
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
                CREATE INDEX ix_message_day_totals_app_id_day ON message_day_totals (app_id, day);

                CREATE TABLE message_month_stats (
                    month date NOT NULL,
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
                CREATE INDEX ix_message_month_stats_app_id_month ON message_month_stats (app_id, month);

                -- Months (their first day) whose rows sum the daily rollups of all their days, every one sealed.
                CREATE TABLE message_stats_months (month date PRIMARY KEY, sealed_at timestamptz NOT NULL);

                -- When a day's totals and its month were last computed with it: the same instant as sealed_at when this
                -- version sealed it. A day sealed before (or, during an upgrade, by a worker of the version before) has a
                -- different one: the report reads it raw, and the rollup job computes it again.
                ALTER TABLE message_stats_days ADD COLUMN coarse_at timestamptz;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE message_stats_days DROP COLUMN coarse_at;
                DROP TABLE message_stats_months;
                DROP TABLE message_month_stats;
                DROP TABLE message_day_totals;
                """);
        }
    }
}
