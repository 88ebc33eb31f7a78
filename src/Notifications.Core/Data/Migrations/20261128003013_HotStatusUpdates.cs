using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Notifications.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class HotStatusUpdates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_messages_outbox",
                table: "messages");

            migrationBuilder.DropIndex(
                name: "ix_messages_queued",
                table: "messages");

            migrationBuilder.AlterTable(
                name: "messages")
                .Annotation("Npgsql:StorageParameter:fillfactor", 70);

            migrationBuilder.CreateIndex(
                name: "ix_messages_outbox",
                table: "messages",
                column: "due_at",
                filter: "claimed_at IS NULL");

            // Rows written before the constraint: a message past "accepted" was claimed at some point.
            migrationBuilder.Sql("""
                UPDATE messages SET claimed_at = updated_at WHERE status <> 'accepted' AND claimed_at IS NULL;
                UPDATE messages SET claimed_at = NULL WHERE status = 'accepted' AND claimed_at IS NOT NULL;
                """);

            migrationBuilder.AddCheckConstraint(
                name: "ck_messages_claimed_unless_accepted",
                table: "messages",
                sql: "(status = 'accepted') = (claimed_at IS NULL)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_messages_outbox",
                table: "messages");

            migrationBuilder.DropCheckConstraint(
                name: "ck_messages_claimed_unless_accepted",
                table: "messages");

            migrationBuilder.AlterTable(
                name: "messages")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 70);

            migrationBuilder.CreateIndex(
                name: "ix_messages_outbox",
                table: "messages",
                column: "due_at",
                filter: "status = 'accepted'");

            migrationBuilder.CreateIndex(
                name: "ix_messages_queued",
                table: "messages",
                column: "claimed_at",
                filter: "status = 'queued'");
        }
    }
}
