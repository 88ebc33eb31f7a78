using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Notifications.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class MessageSegmentsAndBudgets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "encoding",
                table: "messages",
                type: "character varying(5)",
                maxLength: 5,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "segments",
                table: "messages",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "segment_budgets",
                columns: table => new
                {
                    app_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    segments = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_segment_budgets", x => new { x.app_id, x.day });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "segment_budgets");

            migrationBuilder.DropColumn(
                name: "encoding",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "segments",
                table: "messages");
        }
    }
}
