using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RedStation.Data.PostgreSQL.Migrations
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
                type: "integer",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "integer");

            migrationBuilder.AlterColumn<byte[]>(
                name: "Body",
                table: "IdempotencyRecords",
                type: "bytea",
                nullable: true,
                oldClrType: typeof(byte[]),
                oldType: "bytea");

            migrationBuilder.AddColumn<string>(
                name: "Principal",
                table: "IdempotencyRecords",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "",
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "ClientKey",
                table: "IdempotencyRecords",
                type: "character varying(128)",
                maxLength: 128,
                nullable: false,
                defaultValue: "",
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "Endpoint",
                table: "IdempotencyRecords",
                type: "character varying(300)",
                maxLength: 300,
                nullable: false,
                defaultValue: "",
                collation: "C");

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
                type: "integer",
                nullable: false,
                defaultValue: 0,
                oldClrType: typeof(int),
                oldType: "integer",
                oldNullable: true);

            migrationBuilder.AlterColumn<byte[]>(
                name: "Body",
                table: "IdempotencyRecords",
                type: "bytea",
                nullable: false,
                defaultValue: new byte[0],
                oldClrType: typeof(byte[]),
                oldType: "bytea",
                oldNullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Key",
                table: "IdempotencyRecords",
                type: "character varying(400)",
                maxLength: 400,
                nullable: false,
                defaultValue: "",
                collation: "C");

            migrationBuilder.AddPrimaryKey(
                name: "PK_IdempotencyRecords",
                table: "IdempotencyRecords",
                column: "Key");
        }
    }
}
