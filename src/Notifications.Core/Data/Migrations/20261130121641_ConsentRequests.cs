using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Notifications.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ConsentRequests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "consent_requests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    program = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    phone = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    purpose = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    source_url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ip_address = table.Column<string>(type: "character varying(45)", maxLength: 45, nullable: true),
                    user_agent = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    requested_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    confirmation_message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    confirmation_text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    confirmed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    inbound_message_sid = table.Column<string>(type: "character varying(34)", maxLength: 34, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consent_requests", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_consent_requests_confirmation_message_id",
                table: "consent_requests",
                column: "confirmation_message_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_consent_requests_pending",
                table: "consent_requests",
                columns: new[] { "phone", "program", "expires_at" },
                filter: "status = 'pending'");

            migrationBuilder.CreateIndex(
                name: "ix_consent_requests_program_phone_purpose_expires_at",
                table: "consent_requests",
                columns: new[] { "program", "phone", "purpose", "expires_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "consent_requests");
        }
    }
}
