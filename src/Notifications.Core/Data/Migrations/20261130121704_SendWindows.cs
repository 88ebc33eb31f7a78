using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Notifications.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class SendWindows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_messages_claimed_unless_accepted",
                table: "messages");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "cap_counted_at",
                table: "messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "valid_until",
                table: "messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "consent_time_zones",
                columns: table => new
                {
                    program = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    phone = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    time_zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consent_time_zones", x => new { x.program, x.phone });
                });

            migrationBuilder.CreateIndex(
                name: "ix_messages_to",
                table: "messages",
                column: "to");

            migrationBuilder.AddCheckConstraint(
                name: "ck_messages_claimed_unless_accepted",
                table: "messages",
                sql: "(status IN ('accepted', 'scheduled')) = (claimed_at IS NULL)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "consent_time_zones");

            migrationBuilder.DropIndex(
                name: "ix_messages_to",
                table: "messages");

            migrationBuilder.DropCheckConstraint(
                name: "ck_messages_claimed_unless_accepted",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "cap_counted_at",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "valid_until",
                table: "messages");

            migrationBuilder.AddCheckConstraint(
                name: "ck_messages_claimed_unless_accepted",
                table: "messages",
                sql: "(status = 'accepted') = (claimed_at IS NULL)");
        }
    }
}
