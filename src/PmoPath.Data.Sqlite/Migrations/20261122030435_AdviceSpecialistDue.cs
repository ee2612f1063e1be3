using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PmoPath.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AdviceSpecialistDue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "SpecialistDueWithinMonths",
                table: "AdvicePolicies",
                type: "INTEGER",
                nullable: false,
                defaultValue: 12); // the shipped policy's value, so a database made before this column keeps a valid policy
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SpecialistDueWithinMonths",
                table: "AdvicePolicies");
        }
    }
}
