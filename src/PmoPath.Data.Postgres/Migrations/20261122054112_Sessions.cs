using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PmoPath.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Sessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ProviderCode",
                table: "AspNetUsers",
                type: "character varying(80)",
                maxLength: 80,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "InHouseRequests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProviderCode = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    CourseCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    People = table.Column<int>(type: "integer", nullable: false),
                    PreferredFrom = table.Column<DateOnly>(type: "date", nullable: true),
                    PreferredTo = table.Column<DateOnly>(type: "date", nullable: true),
                    Delivery = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Notes = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SessionId = table.Column<Guid>(type: "uuid", nullable: true),
                    Answer = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    RequestedById = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AnsweredAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InHouseRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InHouseRequests_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_InHouseRequests_Providers_ProviderCode",
                        column: x => x.ProviderCode,
                        principalTable: "Providers",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Sessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProviderCode = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    CourseCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    StartsOn = table.Column<DateOnly>(type: "date", nullable: false),
                    EndsOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DailyStart = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    DailyEnd = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    TimeZone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Delivery = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Venue = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Seats = table.Column<int>(type: "integer", nullable: false),
                    Confirmed = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    Price = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    ExamOn = table.Column<DateOnly>(type: "date", nullable: true),
                    BookingDeadline = table.Column<DateOnly>(type: "date", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: true),
                    InHouseRequestId = table.Column<Guid>(type: "uuid", nullable: true),
                    Notes = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sessions", x => x.Id);
                    table.CheckConstraint("CK_Sessions_Seats", "\"Confirmed\" >= 0 AND \"Confirmed\" <= \"Seats\"");
                    table.ForeignKey(
                        name: "FK_Sessions_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Sessions_Providers_ProviderCode",
                        column: x => x.ProviderCode,
                        principalTable: "Providers",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Bookings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    SessionId = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    BookedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ConfirmedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CancelledAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    BookedById = table.Column<Guid>(type: "uuid", nullable: true),
                    Attended = table.Column<bool>(type: "boolean", nullable: true),
                    ExamPassed = table.Column<bool>(type: "boolean", nullable: true),
                    AttendanceMarkedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Bookings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Bookings_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Bookings_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Bookings_Sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "Sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_ProviderCode",
                table: "AspNetUsers",
                column: "ProviderCode");

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_Active",
                table: "Bookings",
                columns: new[] { "SessionId", "PersonId" },
                unique: true,
                filter: "\"Status\" <> 'Cancelled'");

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_OrganisationId",
                table: "Bookings",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_PersonId_Status",
                table: "Bookings",
                columns: new[] { "PersonId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_SessionId_Status_BookedAtUtc",
                table: "Bookings",
                columns: new[] { "SessionId", "Status", "BookedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_InHouseRequests_OrganisationId",
                table: "InHouseRequests",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_InHouseRequests_ProviderCode_Status",
                table: "InHouseRequests",
                columns: new[] { "ProviderCode", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_CourseCode_StartsOn",
                table: "Sessions",
                columns: new[] { "CourseCode", "StartsOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_OrganisationId",
                table: "Sessions",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_ProviderCode_StartsOn",
                table: "Sessions",
                columns: new[] { "ProviderCode", "StartsOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_StartsOn",
                table: "Sessions",
                column: "StartsOn");

            migrationBuilder.AddForeignKey(
                name: "FK_AspNetUsers_Providers_ProviderCode",
                table: "AspNetUsers",
                column: "ProviderCode",
                principalTable: "Providers",
                principalColumn: "Code",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_AspNetUsers_Providers_ProviderCode",
                table: "AspNetUsers");

            migrationBuilder.DropTable(
                name: "Bookings");

            migrationBuilder.DropTable(
                name: "InHouseRequests");

            migrationBuilder.DropTable(
                name: "Sessions");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_ProviderCode",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "ProviderCode",
                table: "AspNetUsers");
        }
    }
}
