using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Notifications.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class SendPath : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "attempts",
                table: "messages",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "batch_id",
                table: "messages",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "claimed_at",
                table: "messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "country",
                table: "messages",
                type: "character varying(2)",
                maxLength: 2,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "error_code",
                table: "messages",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "fallback_claimed_at",
                table: "messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "fallback_provider_id",
                table: "messages",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "fallback_reason",
                table: "messages",
                type: "character varying(60)",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "fallback_requested_at",
                table: "messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "fallback_status",
                table: "messages",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "fallback_updated_at",
                table: "messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "final_at",
                table: "messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "handed_over_at",
                table: "messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "provider_sid",
                table: "messages",
                type: "character varying(34)",
                maxLength: 34,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "sender",
                table: "messages",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "sender_kind",
                table: "messages",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "sent_at",
                table: "messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "idempotency_keys",
                columns: table => new
                {
                    app_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    request_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    response_status = table.Column<int>(type: "integer", nullable: false),
                    response_body = table.Column<string>(type: "text", nullable: false),
                    response_location = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotency_keys", x => new { x.app_id, x.key });
                });

            migrationBuilder.CreateTable(
                name: "message_attempts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    sender = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    provider_sid = table.Column<string>(type: "character varying(34)", maxLength: 34, nullable: true),
                    outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    error_code = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_message_attempts", x => x.id);
                    table.ForeignKey(
                        name: "fk_message_attempts_messages_message_id",
                        column: x => x.message_id,
                        principalTable: "messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "message_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    type = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    error_code = table.Column<int>(type: "integer", nullable: true),
                    detail = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    external_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_message_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_message_events_messages_message_id",
                        column: x => x.message_id,
                        principalTable: "messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_messages_batch_id",
                table: "messages",
                column: "batch_id",
                filter: "batch_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_messages_fallback_pending",
                table: "messages",
                column: "fallback_requested_at",
                filter: "fallback_status = 'pending'");

            migrationBuilder.CreateIndex(
                name: "ix_messages_provider_sid",
                table: "messages",
                column: "provider_sid",
                unique: true,
                filter: "provider_sid IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_messages_queued",
                table: "messages",
                column: "claimed_at",
                filter: "status = 'queued'");

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_keys_expires_at",
                table: "idempotency_keys",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_message_attempts_message_id_number",
                table: "message_attempts",
                columns: new[] { "message_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_message_events_external_id",
                table: "message_events",
                column: "external_id",
                unique: true,
                filter: "external_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_message_events_message_id_id",
                table: "message_events",
                columns: new[] { "message_id", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "idempotency_keys");

            migrationBuilder.DropTable(
                name: "message_attempts");

            migrationBuilder.DropTable(
                name: "message_events");

            migrationBuilder.DropIndex(
                name: "ix_messages_batch_id",
                table: "messages");

            migrationBuilder.DropIndex(
                name: "ix_messages_fallback_pending",
                table: "messages");

            migrationBuilder.DropIndex(
                name: "ix_messages_provider_sid",
                table: "messages");

            migrationBuilder.DropIndex(
                name: "ix_messages_queued",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "attempts",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "batch_id",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "claimed_at",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "country",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "error_code",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "fallback_claimed_at",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "fallback_provider_id",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "fallback_reason",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "fallback_requested_at",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "fallback_status",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "fallback_updated_at",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "final_at",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "handed_over_at",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "provider_sid",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "sender",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "sender_kind",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "sent_at",
                table: "messages");
        }
    }
}
