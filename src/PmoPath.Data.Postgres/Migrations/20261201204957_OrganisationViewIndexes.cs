using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PmoPath.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class OrganisationViewIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_People_OrganisationId",
                table: "People");

            migrationBuilder.DropIndex(
                name: "IX_Certificates_OrganisationId_CourseCode",
                table: "Certificates");

            migrationBuilder.CreateIndex(
                name: "IX_RecordChanges_OrganisationId_Field_AtUtc",
                table: "RecordChanges",
                columns: new[] { "OrganisationId", "Field", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Ratings_OrganisationId_Figures",
                table: "Ratings",
                columns: new[] { "OrganisationId", "PersonId", "CompetencyCode", "ManagerRating", "SelfRating" });

            migrationBuilder.CreateIndex(
                name: "IX_PlanItems_OrganisationId_Status_CourseCode",
                table: "PlanItems",
                columns: new[] { "OrganisationId", "Status", "CourseCode" });

            migrationBuilder.CreateIndex(
                name: "IX_People_OrganisationId_Figures",
                table: "People",
                columns: new[] { "OrganisationId", "Id", "Level", "TargetLevel", "PmoType", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Certificates_OrganisationId_CourseCode_AchievedOn",
                table: "Certificates",
                columns: new[] { "OrganisationId", "CourseCode", "AchievedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Certificates_OrganisationId_PersonId_CourseCode_AchievedOn",
                table: "Certificates",
                columns: new[] { "OrganisationId", "PersonId", "CourseCode", "AchievedOn" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RecordChanges_OrganisationId_Field_AtUtc",
                table: "RecordChanges");

            migrationBuilder.DropIndex(
                name: "IX_Ratings_OrganisationId_Figures",
                table: "Ratings");

            migrationBuilder.DropIndex(
                name: "IX_PlanItems_OrganisationId_Status_CourseCode",
                table: "PlanItems");

            migrationBuilder.DropIndex(
                name: "IX_People_OrganisationId_Figures",
                table: "People");

            migrationBuilder.DropIndex(
                name: "IX_Certificates_OrganisationId_CourseCode_AchievedOn",
                table: "Certificates");

            migrationBuilder.DropIndex(
                name: "IX_Certificates_OrganisationId_PersonId_CourseCode_AchievedOn",
                table: "Certificates");

            migrationBuilder.CreateIndex(
                name: "IX_People_OrganisationId",
                table: "People",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_Certificates_OrganisationId_CourseCode",
                table: "Certificates",
                columns: new[] { "OrganisationId", "CourseCode" });
        }
    }
}
