using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RedStation.Data.PostgreSQL.Migrations
{
    /// <inheritdoc />
    public partial class AnalyticsSummaries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AreaDaySummaries",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    DistrictId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Weekday = table.Column<int>(type: "integer", nullable: false),
                    CheckIns = table.Column<int>(type: "integer", nullable: false),
                    ClosedSessionTicks = table.Column<long>(type: "bigint", nullable: false),
                    OpenSessions = table.Column<int>(type: "integer", nullable: false),
                    OpenCheckInMilliseconds = table.Column<long>(type: "bigint", nullable: false),
                    Activities = table.Column<int>(type: "integer", nullable: false),
                    Attendance = table.Column<int>(type: "integer", nullable: false),
                    CheckInsByHour = table.Column<string>(type: "character varying(288)", maxLength: 288, nullable: false),
                    HeadCountByHour = table.Column<string>(type: "character varying(288)", maxLength: 288, nullable: false),
                    HeadCountSamplesByHour = table.Column<string>(type: "character varying(288)", maxLength: 288, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AreaDaySummaries", x => new { x.DistrictId, x.Kind, x.Day });
                    table.ForeignKey(
                        name: "FK_AreaDaySummaries_Districts_DistrictId",
                        column: x => x.DistrictId,
                        principalTable: "Districts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StationDaySummaries",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    StationId = table.Column<int>(type: "integer", nullable: false),
                    Weekday = table.Column<int>(type: "integer", nullable: false),
                    CheckIns = table.Column<int>(type: "integer", nullable: false),
                    ClosedSessionTicks = table.Column<long>(type: "bigint", nullable: false),
                    OpenSessions = table.Column<int>(type: "integer", nullable: false),
                    OpenCheckInMilliseconds = table.Column<long>(type: "bigint", nullable: false),
                    Activities = table.Column<int>(type: "integer", nullable: false),
                    Attendance = table.Column<int>(type: "integer", nullable: false),
                    CheckInsByHour = table.Column<string>(type: "character varying(288)", maxLength: 288, nullable: false),
                    HeadCountByHour = table.Column<string>(type: "character varying(288)", maxLength: 288, nullable: false),
                    HeadCountSamplesByHour = table.Column<string>(type: "character varying(288)", maxLength: 288, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StationDaySummaries", x => new { x.StationId, x.Day });
                    table.ForeignKey(
                        name: "FK_StationDaySummaries_Stations_StationId",
                        column: x => x.StationId,
                        principalTable: "Stations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SummaryStates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    RebuiltAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SummaryStates", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AreaDaySummaries_Day",
                table: "AreaDaySummaries",
                column: "Day");

            migrationBuilder.CreateIndex(
                name: "IX_StationDaySummaries_Day_StationId",
                table: "StationDaySummaries",
                columns: new[] { "Day", "StationId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AreaDaySummaries");

            migrationBuilder.DropTable(
                name: "StationDaySummaries");

            migrationBuilder.DropTable(
                name: "SummaryStates");
        }
    }
}
