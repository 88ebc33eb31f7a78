using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Notifications.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class CappedSendsIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_messages_to",
                table: "messages");

            migrationBuilder.CreateIndex(
                name: "ix_messages_to",
                table: "messages",
                column: "to",
                filter: "cap_counted_at IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_messages_to",
                table: "messages");

            migrationBuilder.CreateIndex(
                name: "ix_messages_to",
                table: "messages",
                column: "to");
        }
    }
}
