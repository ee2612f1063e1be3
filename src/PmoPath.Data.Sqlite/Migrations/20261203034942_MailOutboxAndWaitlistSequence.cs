using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PmoPath.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MailOutboxAndWaitlistSequence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "Sequence",
                table: "Bookings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "MailOutbox",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Recipient = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    AttachmentName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    AttachmentType = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    AttachmentContent = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NextAttemptAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    ClaimToken = table.Column<Guid>(type: "TEXT", nullable: true),
                    ClaimedUntilUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SentAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AbandonedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MailOutbox", x => x.Id);
                });

            // Bookings made before this migration get their place in the order they had: by booking time, then id.
            migrationBuilder.Sql("""
                UPDATE "Bookings" SET "Sequence" = (
                    SELECT COUNT(*) FROM "Bookings" AS "Earlier"
                    WHERE "Earlier"."SessionId" = "Bookings"."SessionId"
                      AND ("Earlier"."BookedAtUtc" < "Bookings"."BookedAtUtc"
                           OR ("Earlier"."BookedAtUtc" = "Bookings"."BookedAtUtc" AND "Earlier"."Id" <= "Bookings"."Id")))
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_SessionId_Sequence",
                table: "Bookings",
                columns: new[] { "SessionId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MailOutbox_ClaimToken",
                table: "MailOutbox",
                column: "ClaimToken");

            migrationBuilder.CreateIndex(
                name: "IX_MailOutbox_Pending",
                table: "MailOutbox",
                column: "NextAttemptAtUtc",
                filter: "\"SentAtUtc\" IS NULL AND \"AbandonedAtUtc\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_MailOutbox_Recipient",
                table: "MailOutbox",
                column: "Recipient");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MailOutbox");

            migrationBuilder.DropIndex(
                name: "IX_Bookings_SessionId_Sequence",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "Sequence",
                table: "Bookings");
        }
    }
}
