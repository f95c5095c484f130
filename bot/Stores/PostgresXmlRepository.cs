using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using NpgsqlTypes;

namespace ComplaintBot.Bot.Stores;

/// <summary>
/// The ASP.NET Core Data Protection key ring in the shared database (issue 17.4): every instance reads the same keys,
/// so an agent-console cookie (and an anti-forgery token) issued by one instance is accepted by another. The keys are
/// stored as Data Protection writes them; whoever can read the database can read them, like every other table here.
/// </summary>
public sealed class PostgresXmlRepository(PostgresDatabase db) : IXmlRepository
{
    private readonly string _table = db.Table("data_protection_keys");

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        // Synchronous by the interface; called rarely (start-up, key refresh).
        db.EnsureSchemaAsync().GetAwaiter().GetResult();
        using var cmd = db.DataSource.CreateCommand($"SELECT xml FROM {_table} ORDER BY created_at, name");
        using var r = cmd.ExecuteReader();
        var list = new List<XElement>();
        while (r.Read()) list.Add(XElement.Parse(r.GetString(0)));
        return list;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        db.EnsureSchemaAsync().GetAwaiter().GetResult();
        using var cmd = db.DataSource.CreateCommand($"INSERT INTO {_table} (name, xml) VALUES (@name, @xml) ON CONFLICT (name) DO NOTHING");
        cmd.Parameters.Add(new Npgsql.NpgsqlParameter("name", NpgsqlDbType.Text) { Value = friendlyName });
        cmd.Parameters.Add(new Npgsql.NpgsqlParameter("xml", NpgsqlDbType.Text) { Value = element.ToString(SaveOptions.DisableFormatting) });
        cmd.ExecuteNonQuery();
    }
}
