using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RedStation.Data.PostgreSQL.Migrations
{
    /// <inheritdoc />
    public partial class StationRankingsIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_StationDaySummaries_Day_StationId",
                table: "StationDaySummaries");

            migrationBuilder.CreateIndex(
                name: "IX_StationDaySummaries_Rankings",
                table: "StationDaySummaries",
                columns: new[] { "Day", "StationId", "CheckIns", "ClosedSessionTicks", "OpenSessions", "OpenCheckInMilliseconds", "Activities", "Attendance" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_StationDaySummaries_Rankings",
                table: "StationDaySummaries");

            migrationBuilder.CreateIndex(
                name: "IX_StationDaySummaries_Day_StationId",
                table: "StationDaySummaries",
                columns: new[] { "Day", "StationId" });
        }
    }
}
