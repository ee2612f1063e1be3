using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PmoPath.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class StaffRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EmployeeId",
                table: "People",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WorkEmail",
                table: "People",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BudgetCurrency",
                table: "Organisations",
                type: "TEXT",
                maxLength: 3,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<decimal>(
                name: "TrainingBudget",
                table: "Organisations",
                type: "TEXT",
                precision: 14,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "TrainingDaysBudget",
                table: "Organisations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_People_OrganisationId_EmployeeId",
                table: "People",
                columns: new[] { "OrganisationId", "EmployeeId" },
                unique: true,
                filter: "\"EmployeeId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_People_OrganisationId_EmployeeId",
                table: "People");

            migrationBuilder.DropColumn(
                name: "EmployeeId",
                table: "People");

            migrationBuilder.DropColumn(
                name: "WorkEmail",
                table: "People");

            migrationBuilder.DropColumn(
                name: "BudgetCurrency",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "TrainingBudget",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "TrainingDaysBudget",
                table: "Organisations");
        }
    }
}
