using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Notifications.Core.Data.Migrations
{
    /// <summary>
    /// Suppressions per program: one row per (phone, program), the program <c>*</c> for a carrier fact that holds for every
    /// program. Existing rows were written when the installation had one program: opt-outs (keyword, wording, API) become the
    /// program <c>default</c>'s, carrier facts (21610, 30004) every program's.
    /// </summary>
    public partial class ProgramSuppression : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_suppressions",
                table: "suppressions");

            migrationBuilder.AddColumn<string>(
                name: "program",
                table: "suppressions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "default");

            migrationBuilder.Sql("UPDATE suppressions SET program = '*' WHERE reason IN ('carrier_opt_out', 'blocked_by_recipient')");
            migrationBuilder.Sql("ALTER TABLE suppressions ALTER COLUMN program DROP DEFAULT");

            migrationBuilder.AddPrimaryKey(
                name: "pk_suppressions",
                table: "suppressions",
                columns: new[] { "phone", "program" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to one row per number: the program default's, else the one for every program; other programs' are dropped.
            migrationBuilder.Sql("""
                DELETE FROM suppressions s
                WHERE s.program NOT IN ('default', '*')
                   OR (s.program = '*' AND EXISTS (SELECT 1 FROM suppressions d WHERE d.phone = s.phone AND d.program = 'default'))
                """);

            migrationBuilder.DropPrimaryKey(
                name: "pk_suppressions",
                table: "suppressions");

            migrationBuilder.DropColumn(
                name: "program",
                table: "suppressions");

            migrationBuilder.AddPrimaryKey(
                name: "pk_suppressions",
                table: "suppressions",
                column: "phone");
        }
    }
}
