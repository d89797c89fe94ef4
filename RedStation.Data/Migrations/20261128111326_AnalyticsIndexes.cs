using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RedStation.Data.Migrations
{
    /// <inheritdoc />
    public partial class AnalyticsIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_MicroWishes_ClaimedByVolunteerId",
                table: "MicroWishes");

            migrationBuilder.CreateIndex(
                name: "IX_OccupancyChanges_Analytics_Station",
                table: "OccupancyChanges",
                columns: new[] { "StationId", "At", "Count" });

            migrationBuilder.CreateIndex(
                name: "IX_OccupancyChanges_Analytics_Time",
                table: "OccupancyChanges",
                columns: new[] { "At", "StationId", "Count" });

            migrationBuilder.CreateIndex(
                name: "IX_MicroWishes_ClaimedByVolunteerId_FulfilledAt",
                table: "MicroWishes",
                columns: new[] { "ClaimedByVolunteerId", "FulfilledAt" });

            migrationBuilder.CreateIndex(
                name: "IX_DutySessions_Analytics_Station",
                table: "DutySessions",
                columns: new[] { "StationId", "CheckedInAt", "VolunteerId", "CheckedOutAt" });

            migrationBuilder.CreateIndex(
                name: "IX_DutySessions_Analytics_Time",
                table: "DutySessions",
                columns: new[] { "CheckedInAt", "StationId", "VolunteerId", "CheckedOutAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Activities_Analytics_Station",
                table: "Activities",
                columns: new[] { "StationId", "StartsAt", "Attendance" });

            migrationBuilder.CreateIndex(
                name: "IX_Activities_Analytics_Time",
                table: "Activities",
                columns: new[] { "StartsAt", "StationId", "Attendance" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OccupancyChanges_Analytics_Station",
                table: "OccupancyChanges");

            migrationBuilder.DropIndex(
                name: "IX_OccupancyChanges_Analytics_Time",
                table: "OccupancyChanges");

            migrationBuilder.DropIndex(
                name: "IX_MicroWishes_ClaimedByVolunteerId_FulfilledAt",
                table: "MicroWishes");

            migrationBuilder.DropIndex(
                name: "IX_DutySessions_Analytics_Station",
                table: "DutySessions");

            migrationBuilder.DropIndex(
                name: "IX_DutySessions_Analytics_Time",
                table: "DutySessions");

            migrationBuilder.DropIndex(
                name: "IX_Activities_Analytics_Station",
                table: "Activities");

            migrationBuilder.DropIndex(
                name: "IX_Activities_Analytics_Time",
                table: "Activities");

            migrationBuilder.CreateIndex(
                name: "IX_MicroWishes_ClaimedByVolunteerId",
                table: "MicroWishes",
                column: "ClaimedByVolunteerId");
        }
    }
}
