using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RedStation.Data.Migrations
{
    /// <inheritdoc />
    public partial class SelfCheckIn : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "ClosedAutomatically",
                table: "DutySessions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ClosedAutomatically",
                table: "DutySessions");
        }
    }
}
