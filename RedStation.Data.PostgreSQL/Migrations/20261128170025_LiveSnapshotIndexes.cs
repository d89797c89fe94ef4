using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RedStation.Data.PostgreSQL.Migrations
{
    /// <inheritdoc />
    public partial class LiveSnapshotIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_MicroWishes_ClaimedAt",
                table: "MicroWishes",
                column: "ClaimedAt");

            migrationBuilder.CreateIndex(
                name: "IX_MicroWishes_FulfilledAt",
                table: "MicroWishes",
                column: "FulfilledAt");

            migrationBuilder.CreateIndex(
                name: "IX_MicroWishes_StationId_CancelledAt",
                table: "MicroWishes",
                columns: new[] { "StationId", "CancelledAt" });

            migrationBuilder.CreateIndex(
                name: "IX_MicroWishes_StationId_ClaimedAt",
                table: "MicroWishes",
                columns: new[] { "StationId", "ClaimedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_MicroWishes_StationId_FulfilledAt",
                table: "MicroWishes",
                columns: new[] { "StationId", "FulfilledAt" });

            migrationBuilder.CreateIndex(
                name: "IX_MicroWishes_StationId_PostedAt",
                table: "MicroWishes",
                columns: new[] { "StationId", "PostedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_MicroWishes_Status",
                table: "MicroWishes",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_MediationCases_StationId_ClosedAt",
                table: "MediationCases",
                columns: new[] { "StationId", "ClosedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_MediationCases_StationId_OpenedAt",
                table: "MediationCases",
                columns: new[] { "StationId", "OpenedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_MediationCases_Status_ClosedAt",
                table: "MediationCases",
                columns: new[] { "Status", "ClosedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_DutySessions_CheckedOutAt",
                table: "DutySessions",
                column: "CheckedOutAt");

            migrationBuilder.CreateIndex(
                name: "IX_DutySessions_StationId_CheckedOutAt",
                table: "DutySessions",
                columns: new[] { "StationId", "CheckedOutAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Activities_LoggedAt",
                table: "Activities",
                column: "LoggedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Activities_StationId_EndedAt",
                table: "Activities",
                columns: new[] { "StationId", "EndedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Activities_StationId_LoggedAt",
                table: "Activities",
                columns: new[] { "StationId", "LoggedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_MicroWishes_ClaimedAt",
                table: "MicroWishes");

            migrationBuilder.DropIndex(
                name: "IX_MicroWishes_FulfilledAt",
                table: "MicroWishes");

            migrationBuilder.DropIndex(
                name: "IX_MicroWishes_StationId_CancelledAt",
                table: "MicroWishes");

            migrationBuilder.DropIndex(
                name: "IX_MicroWishes_StationId_ClaimedAt",
                table: "MicroWishes");

            migrationBuilder.DropIndex(
                name: "IX_MicroWishes_StationId_FulfilledAt",
                table: "MicroWishes");

            migrationBuilder.DropIndex(
                name: "IX_MicroWishes_StationId_PostedAt",
                table: "MicroWishes");

            migrationBuilder.DropIndex(
                name: "IX_MicroWishes_Status",
                table: "MicroWishes");

            migrationBuilder.DropIndex(
                name: "IX_MediationCases_StationId_ClosedAt",
                table: "MediationCases");

            migrationBuilder.DropIndex(
                name: "IX_MediationCases_StationId_OpenedAt",
                table: "MediationCases");

            migrationBuilder.DropIndex(
                name: "IX_MediationCases_Status_ClosedAt",
                table: "MediationCases");

            migrationBuilder.DropIndex(
                name: "IX_DutySessions_CheckedOutAt",
                table: "DutySessions");

            migrationBuilder.DropIndex(
                name: "IX_DutySessions_StationId_CheckedOutAt",
                table: "DutySessions");

            migrationBuilder.DropIndex(
                name: "IX_Activities_LoggedAt",
                table: "Activities");

            migrationBuilder.DropIndex(
                name: "IX_Activities_StationId_EndedAt",
                table: "Activities");

            migrationBuilder.DropIndex(
                name: "IX_Activities_StationId_LoggedAt",
                table: "Activities");
        }
    }
}
