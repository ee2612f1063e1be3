using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PmoPath.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class LevelChangesIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RecordChanges_OrganisationId_Field_AtUtc",
                table: "RecordChanges");

            migrationBuilder.CreateIndex(
                name: "IX_RecordChanges_OrganisationId_LevelChanges",
                table: "RecordChanges",
                columns: new[] { "OrganisationId", "AtUtc", "PersonId", "OldValue", "NewValue" },
                filter: "\"Field\" = 'level'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RecordChanges_OrganisationId_LevelChanges",
                table: "RecordChanges");

            migrationBuilder.CreateIndex(
                name: "IX_RecordChanges_OrganisationId_Field_AtUtc",
                table: "RecordChanges",
                columns: new[] { "OrganisationId", "Field", "AtUtc" });
        }
    }
}
