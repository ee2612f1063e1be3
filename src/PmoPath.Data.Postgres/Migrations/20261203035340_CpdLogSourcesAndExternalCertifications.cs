using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PmoPath.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CpdLogSourcesAndExternalCertifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "NotPublished",
                table: "Courses",
                type: "text[]",
                nullable: false);

            migrationBuilder.AddColumn<string>(
                name: "Sources",
                table: "Courses",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OwnedBy",
                table: "Bodies",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Sources",
                table: "Bodies",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PmoTypeRules",
                table: "AdvicePolicies",
                type: "jsonb",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CpdLog",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    On = table.Column<DateOnly>(type: "date", nullable: false),
                    Activity = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Points = table.Column<decimal>(type: "numeric(6,1)", precision: 6, scale: 1, nullable: false),
                    Suite = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    EvidenceUrl = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CpdLog", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CpdLog_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CpdLog_PersonId_On",
                table: "CpdLog",
                columns: new[] { "PersonId", "On" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CpdLog");

            migrationBuilder.DropColumn(
                name: "NotPublished",
                table: "Courses");

            migrationBuilder.DropColumn(
                name: "Sources",
                table: "Courses");

            migrationBuilder.DropColumn(
                name: "OwnedBy",
                table: "Bodies");

            migrationBuilder.DropColumn(
                name: "Sources",
                table: "Bodies");

            migrationBuilder.DropColumn(
                name: "PmoTypeRules",
                table: "AdvicePolicies");
        }
    }
}
