using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Notifications.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class MessageProgram : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "program",
                table: "messages",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "default");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "program",
                table: "messages");
        }
    }
}
