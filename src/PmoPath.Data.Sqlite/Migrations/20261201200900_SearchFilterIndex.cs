using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PmoPath.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SearchFilterIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Provider SQL that EF's model does not describe, like the full-text index (docs/adr/0006).
            migrationBuilder.Sql(SqliteSearch.CreateFilterIndexSql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqliteSearch.DropFilterIndexSql);
        }
    }
}
