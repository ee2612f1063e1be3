using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PmoPath.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class TeamPlanPolicy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "InHouseCostInSeats",
                table: "AdvicePolicies",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "InHouseMinimumPeople",
                table: "AdvicePolicies",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "TeamPlanCadenceWeight",
                table: "AdvicePolicies",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "TeamPlanRenewalWeight",
                table: "AdvicePolicies",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "InHouseCostInSeats",
                table: "AdvicePolicies");

            migrationBuilder.DropColumn(
                name: "InHouseMinimumPeople",
                table: "AdvicePolicies");

            migrationBuilder.DropColumn(
                name: "TeamPlanCadenceWeight",
                table: "AdvicePolicies");

            migrationBuilder.DropColumn(
                name: "TeamPlanRenewalWeight",
                table: "AdvicePolicies");
        }
    }
}
