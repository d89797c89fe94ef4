using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RedStation.Data.PostgreSQL.Migrations
{
    /// <inheritdoc />
    public partial class StationMonthSummaries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "StationMonthSummaries",
                columns: table => new
                {
                    StationId = table.Column<int>(type: "integer", nullable: false),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    CheckIns = table.Column<int>(type: "integer", nullable: false),
                    ClosedSessionTicks = table.Column<long>(type: "bigint", nullable: false),
                    OpenSessions = table.Column<int>(type: "integer", nullable: false),
                    OpenCheckInMilliseconds = table.Column<long>(type: "bigint", nullable: false),
                    Activities = table.Column<int>(type: "integer", nullable: false),
                    Attendance = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StationMonthSummaries", x => new { x.Month, x.StationId });
                    table.ForeignKey(
                        name: "FK_StationMonthSummaries_Stations_StationId",
                        column: x => x.StationId,
                        principalTable: "Stations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_StationMonthSummaries_StationId",
                table: "StationMonthSummaries",
                column: "StationId");

            // Databases with day summaries already get their months from them (the sums the write path keeps from now
            // on); one without day summaries gets both from the rebuild at start-up.
            migrationBuilder.Sql(
                """
                INSERT INTO "StationMonthSummaries" ("StationId", "Month", "CheckIns", "ClosedSessionTicks", "OpenSessions",
                    "OpenCheckInMilliseconds", "Activities", "Attendance")
                SELECT "StationId", CAST(date_trunc('month', "Day") AS date), SUM("CheckIns"), SUM("ClosedSessionTicks"), SUM("OpenSessions"),
                    SUM("OpenCheckInMilliseconds"), SUM("Activities"), SUM("Attendance")
                FROM "StationDaySummaries"
                GROUP BY "StationId", date_trunc('month', "Day")
                HAVING SUM("CheckIns") <> 0 OR SUM("Activities") <> 0;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "StationMonthSummaries");
        }
    }
}
