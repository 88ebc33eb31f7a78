using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Notifications.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class EmailSuppressions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "email",
                table: "consent_events",
                type: "character varying(320)",
                maxLength: 320,
                nullable: true);

            migrationBuilder.Sql(HashWithEmailSql);

            migrationBuilder.CreateTable(
                name: "email_suppressions",
                columns: table => new
                {
                    program = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    reason = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    event_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_email_suppressions", x => new { x.email, x.program });
                });

            migrationBuilder.CreateIndex(
                name: "ix_messages_fallback_provider_id",
                table: "messages",
                column: "fallback_provider_id",
                filter: "fallback_provider_id IS NOT NULL");
        }

        // The chain's hash covers the email only when an event has one: an event without it keeps the
        // consent-event-v1 bytes (concat_ws skips the NULL line), so no existing row's hash changes and none is
        // recomputed; an event with it is consent-event-v2, the email between the note and the previous hash.
        // Byte for byte the same as ConsentEventHash.Canonical (documented in docs/compliance/tcpa-controls.md).
        private const string HashWithEmailSql = """
            CREATE OR REPLACE FUNCTION consent_event_hash(e consent_events, previous_hash text) RETURNS text
                LANGUAGE sql STABLE AS $$
                SELECT encode(sha256(convert_to(concat_ws(E'\n',
                    CASE WHEN e.email IS NULL THEN 'consent-event-v1' ELSE 'consent-event-v2' END,
                    consent_event_field(e.id::text),
                    consent_event_field(e.program),
                    consent_event_field(e.phone),
                    consent_event_field(e.purpose),
                    consent_event_field(e.kind),
                    consent_event_field(((extract(epoch FROM e.occurred_at) * 1000000)::bigint)::text),
                    consent_event_field(((extract(epoch FROM e.recorded_at) * 1000000)::bigint)::text),
                    consent_event_field(e.source),
                    consent_event_field(e.source_url),
                    consent_event_field(e.opt_in_message),
                    consent_event_field(e.text_received),
                    consent_event_field(e.inbound_message_sid),
                    consent_event_field(e.ip_address),
                    consent_event_field(e.user_agent),
                    consent_event_field(e.captured_by),
                    consent_event_field(e.note),
                    CASE WHEN e.email IS NOT NULL THEN consent_event_field(e.email) END,
                    consent_event_field(previous_hash)), 'UTF8')), 'hex')
                $$;
            """;

        // The function as ConsentLedgerProgramChain created it, before the email column goes.
        private const string HashWithoutEmailSql = """
            CREATE OR REPLACE FUNCTION consent_event_hash(e consent_events, previous_hash text) RETURNS text
                LANGUAGE sql STABLE AS $$
                SELECT encode(sha256(convert_to(concat_ws(E'\n',
                    'consent-event-v1',
                    consent_event_field(e.id::text),
                    consent_event_field(e.program),
                    consent_event_field(e.phone),
                    consent_event_field(e.purpose),
                    consent_event_field(e.kind),
                    consent_event_field(((extract(epoch FROM e.occurred_at) * 1000000)::bigint)::text),
                    consent_event_field(((extract(epoch FROM e.recorded_at) * 1000000)::bigint)::text),
                    consent_event_field(e.source),
                    consent_event_field(e.source_url),
                    consent_event_field(e.opt_in_message),
                    consent_event_field(e.text_received),
                    consent_event_field(e.inbound_message_sid),
                    consent_event_field(e.ip_address),
                    consent_event_field(e.user_agent),
                    consent_event_field(e.captured_by),
                    consent_event_field(e.note),
                    consent_event_field(previous_hash)), 'UTF8')), 'hex')
                $$;
            """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(HashWithoutEmailSql);

            migrationBuilder.DropTable(
                name: "email_suppressions");

            migrationBuilder.DropIndex(
                name: "ix_messages_fallback_provider_id",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "email",
                table: "consent_events");
        }
    }
}
