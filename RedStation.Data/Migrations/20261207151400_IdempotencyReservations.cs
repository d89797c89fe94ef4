using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RedStation.Data.Migrations
{
    /// <inheritdoc />
    public partial class IdempotencyReservations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The old records' keys name no principal, so they cannot become reservations (and several would share the
            // new key's defaults). They only ever lived 24 hours: upgrade with no API retries pending.
            migrationBuilder.Sql(@"DELETE FROM ""IdempotencyRecords"";");

            migrationBuilder.DropPrimaryKey(
                name: "PK_IdempotencyRecords",
                table: "IdempotencyRecords");

            migrationBuilder.DropColumn(
                name: "Key",
                table: "IdempotencyRecords");

            migrationBuilder.AlterColumn<int>(
                name: "StatusCode",
                table: "IdempotencyRecords",
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "INTEGER");

            migrationBuilder.AlterColumn<byte[]>(
                name: "Body",
                table: "IdempotencyRecords",
                type: "BLOB",
                nullable: true,
                oldClrType: typeof(byte[]),
                oldType: "BLOB");

            migrationBuilder.AddColumn<string>(
                name: "Principal",
                table: "IdempotencyRecords",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ClientKey",
                table: "IdempotencyRecords",
                type: "TEXT",
                maxLength: 128,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Endpoint",
                table: "IdempotencyRecords",
                type: "TEXT",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddPrimaryKey(
                name: "PK_IdempotencyRecords",
                table: "IdempotencyRecords",
                columns: new[] { "Principal", "ClientKey" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(@"DELETE FROM ""IdempotencyRecords"";");

            migrationBuilder.DropPrimaryKey(
                name: "PK_IdempotencyRecords",
                table: "IdempotencyRecords");

            migrationBuilder.DropColumn(
                name: "Principal",
                table: "IdempotencyRecords");

            migrationBuilder.DropColumn(
                name: "ClientKey",
                table: "IdempotencyRecords");

            migrationBuilder.DropColumn(
                name: "Endpoint",
                table: "IdempotencyRecords");

            migrationBuilder.AlterColumn<int>(
                name: "StatusCode",
                table: "IdempotencyRecords",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0,
                oldClrType: typeof(int),
                oldType: "INTEGER",
                oldNullable: true);

            migrationBuilder.AlterColumn<byte[]>(
                name: "Body",
                table: "IdempotencyRecords",
                type: "BLOB",
                nullable: false,
                defaultValue: new byte[0],
                oldClrType: typeof(byte[]),
                oldType: "BLOB",
                oldNullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Key",
                table: "IdempotencyRecords",
                type: "TEXT",
                maxLength: 400,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddPrimaryKey(
                name: "PK_IdempotencyRecords",
                table: "IdempotencyRecords",
                column: "Key");
        }
    }
}
