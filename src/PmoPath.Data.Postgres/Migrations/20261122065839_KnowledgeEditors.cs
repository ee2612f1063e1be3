using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PmoPath.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class KnowledgeEditors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "OrganisationId",
                table: "Jobs",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProviderCode",
                table: "Articles",
                type: "character varying(80)",
                maxLength: 80,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ResolvedAtUtc",
                table: "ArticleFeedback",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResolvedById",
                table: "ArticleFeedback",
                type: "text",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Jobs_OrganisationId",
                table: "Jobs",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_Articles_ProviderCode",
                table: "Articles",
                column: "ProviderCode");

            migrationBuilder.CreateIndex(
                name: "IX_ArticleFeedback_ResolvedById",
                table: "ArticleFeedback",
                column: "ResolvedById");

            migrationBuilder.AddForeignKey(
                name: "FK_ArticleFeedback_AspNetUsers_ResolvedById",
                table: "ArticleFeedback",
                column: "ResolvedById",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "FK_Articles_Providers_ProviderCode",
                table: "Articles",
                column: "ProviderCode",
                principalTable: "Providers",
                principalColumn: "Code",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_Jobs_Organisations_OrganisationId",
                table: "Jobs",
                column: "OrganisationId",
                principalTable: "Organisations",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_ArticleFeedback_AspNetUsers_ResolvedById",
                table: "ArticleFeedback");

            migrationBuilder.DropForeignKey(
                name: "FK_Articles_Providers_ProviderCode",
                table: "Articles");

            migrationBuilder.DropForeignKey(
                name: "FK_Jobs_Organisations_OrganisationId",
                table: "Jobs");

            migrationBuilder.DropIndex(
                name: "IX_Jobs_OrganisationId",
                table: "Jobs");

            migrationBuilder.DropIndex(
                name: "IX_Articles_ProviderCode",
                table: "Articles");

            migrationBuilder.DropIndex(
                name: "IX_ArticleFeedback_ResolvedById",
                table: "ArticleFeedback");

            migrationBuilder.DropColumn(
                name: "OrganisationId",
                table: "Jobs");

            migrationBuilder.DropColumn(
                name: "ProviderCode",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "ResolvedAtUtc",
                table: "ArticleFeedback");

            migrationBuilder.DropColumn(
                name: "ResolvedById",
                table: "ArticleFeedback");
        }
    }
}
