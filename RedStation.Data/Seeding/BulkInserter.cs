using System.Data.Common;
using System.Globalization;
using System.Text;
using Npgsql;

namespace RedStation.Data.Seeding;

/// <summary>
/// Writes rows of one table in bulk, bypassing the change tracker: the seeder writes hundreds of thousands of rows,
/// and going through EF Core would take minutes instead of seconds. On SQLite, one prepared INSERT reused for every row
/// (in-process, so a row costs microseconds); on PostgreSQL, one <c>COPY … FROM STDIN</c> per table, since a prepared
/// INSERT there costs a round trip to the server per row.
/// <para>
/// Rows are written when <see cref="Insert"/> is called (SQLite) or when <see cref="Complete"/> is (PostgreSQL, where a
/// connection can run one <c>COPY</c> at a time and the seeder fills several tables at once): complete each table
/// after the tables its rows refer to. A table not completed writes nothing more; the caller's transaction decides the rest.
/// </para>
/// </summary>
internal abstract class BulkInserter : IDisposable
{
    protected BulkInserter(string table, string[] columns)
    {
        Table = table;
        Columns = columns;
    }

    protected string Table { get; }
    protected string[] Columns { get; }

    /// <summary>The rows inserted so far.</summary>
    public int Count { get; private set; }

    public static BulkInserter Open(DbConnection connection, DbTransaction transaction, string table, params string[] columns) =>
        connection is NpgsqlConnection npgsql
            ? new CopyInserter(npgsql, table, columns)
            : new PreparedInserter(connection, transaction, table, columns);

    public void Insert(params object?[] values)
    {
        if (values.Length != Columns.Length)
        {
            throw new ArgumentException($"{Table} takes {Columns.Length} values per row, not {values.Length}.", nameof(values));
        }

        Write(values);
        Count++;
    }

    /// <summary>Writes what is still held (PostgreSQL); nothing to do on SQLite.</summary>
    public abstract void Complete();

    public abstract void Dispose();

    protected abstract void Write(object?[] values);

    protected string ColumnList => string.Join(", ", Columns.Select(c => $"\"{c}\""));

    private sealed class PreparedInserter : BulkInserter
    {
        private readonly DbCommand _command;
        private readonly DbParameter[] _parameters;

        public PreparedInserter(DbConnection connection, DbTransaction transaction, string table, string[] columns)
            : base(table, columns)
        {
            _command = connection.CreateCommand();
            _command.Transaction = transaction;
            _parameters = new DbParameter[columns.Length];
            for (var i = 0; i < columns.Length; i++)
            {
                _parameters[i] = _command.CreateParameter();
                _parameters[i].ParameterName = $"@p{i}";
                _command.Parameters.Add(_parameters[i]);
            }

            _command.CommandText = $"INSERT INTO \"{table}\" ({ColumnList}) VALUES ({string.Join(", ", _parameters.Select(p => p.ParameterName))});";
        }

        public override void Complete()
        {
        }

        public override void Dispose() => _command.Dispose();

        protected override void Write(object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                _parameters[i].Value = values[i] ?? DBNull.Value;
            }

            if (Count == 0)
            {
                _command.Prepare();
            }

            _command.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// PostgreSQL's text COPY format: the server parses each field as it would a literal for its column's type, so a
    /// value needs no exact binary type (an <c>int</c> into a <c>bigint</c> column is fine).
    /// </summary>
    private sealed class CopyInserter(NpgsqlConnection connection, string table, string[] columns) : BulkInserter(table, columns)
    {
        private readonly StringBuilder _rows = new();

        public override void Complete()
        {
            if (_rows.Length == 0)
            {
                return;
            }

            using (var writer = connection.BeginTextImport($"COPY \"{Table}\" ({ColumnList}) FROM STDIN"))
            {
                writer.Write(_rows.ToString());
            }

            _rows.Clear();
        }

        public override void Dispose() => _rows.Clear();

        protected override void Write(object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                if (i > 0)
                {
                    _rows.Append('\t');
                }

                AppendField(values[i]);
            }

            _rows.Append('\n');
        }

        private void AppendField(object? value)
        {
            switch (value)
            {
                case null or DBNull:
                    _rows.Append(@"\N");
                    break;
                case string text:
                    foreach (var c in text)
                    {
                        _ = c switch
                        {
                            '\\' => _rows.Append(@"\\"),
                            '\t' => _rows.Append(@"\t"),
                            '\n' => _rows.Append(@"\n"),
                            '\r' => _rows.Append(@"\r"),
                            _ => _rows.Append(c),
                        };
                    }

                    break;
                case bool flag:
                    _rows.Append(flag ? 't' : 'f');
                    break;
                case DateTime instant:
                    // The app keeps UTC instants (an unspecified kind is one read back from SQLite, also UTC).
                    _rows.Append(instant.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)).Append("+00");
                    break;
                case DateTimeOffset instant:
                    _rows.Append(instant.ToString("yyyy-MM-dd HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture));
                    break;
                case int or long or short or double or decimal or float:
                    _rows.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
                default:
                    throw new NotSupportedException($"{Table}: no COPY text form for a {value.GetType().Name}.");
            }
        }
    }
}
