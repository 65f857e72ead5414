using System.Buffers;
using System.Runtime.CompilerServices;
using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Lake.Parquet;
using ProfileUnifier.Lake.Privacy;

namespace ProfileUnifier.Lake.Tables;

/// <summary>
/// Rows of <c>touchpoints</c>: one per accepted event (the partition column, source, is not in the files). Holds everything the
/// identity engine uses (normalised identifiers, account block, traits, order facts), so the engine's state
/// can be rebuilt from the lake, plus typed columns per event type and the raw properties JSON.
/// <c>profile_id</c> and <c>account_id</c> are as of ingestion (filled in by <see cref="Resolve"/> at
/// commit time); join <c>signatures</c> on <c>signature_id</c> for the current ones.
/// </summary>
public sealed class TouchpointRows : TableBuffer
{
    private readonly Utf8StringColumn _eventId = new("event_id", nullable: false);
    private readonly Utf8StringColumn _type = new("type", nullable: false) { DictionaryPages = true };
    private readonly TimestampColumn _occurredAt = new("occurred_at");
    private readonly DateColumn _date = new("date") { DictionaryPages = true };
    private readonly TouchpointResolutions _resolution = new();
    private readonly Utf8StringColumn _email = new("email") { DictionaryPages = true };
    private readonly Utf8StringColumn _roleEmail = new("role_email");
    private readonly Utf8StringColumn _phone = new("phone");
    private readonly Utf8StringColumn _anonymousId = new("anonymous_id") { DictionaryPages = true };
    private readonly Utf8StringColumn _userId = new("user_id");
    private readonly Utf8StringColumn _crmContactId = new("crm_contact_id");
    private readonly Utf8StringColumn _social = new("social");
    private readonly Utf8StringColumn _crmAccountId = new("crm_account_id") { DictionaryPages = true };
    private readonly Utf8StringColumn _inn = new("inn") { DictionaryPages = true };
    private readonly Utf8StringColumn _domain = new("domain") { DictionaryPages = true };
    private readonly Utf8StringColumn _companyName = new("company_name") { DictionaryPages = true };
    private readonly Utf8StringColumn _industry = new("industry") { DictionaryPages = true };
    private readonly Utf8StringColumn _region = new("region") { DictionaryPages = true };
    private readonly NullableInt32Column _employees = new("employees");
    private readonly Utf8StringColumn _firstName = new("first_name") { DictionaryPages = true };
    private readonly Utf8StringColumn _lastName = new("last_name") { DictionaryPages = true };
    private readonly Utf8StringColumn _title = new("title") { DictionaryPages = true };
    private readonly Utf8StringColumn _role = new("role") { DictionaryPages = true };
    private readonly Utf8StringColumn _orderId = new("order_id");
    private readonly NullableDoubleColumn _amount = new("amount");
    private readonly Utf8StringColumn _currency = new("currency") { DictionaryPages = true };
    private readonly NullableDoubleColumn _margin = new("margin");
    private readonly NullableDoubleColumn _discount = new("discount");
    private readonly Utf8StringColumn _invoiceId = new("invoice_id");
    private readonly DateColumn _dueDate = new("due_date");
    private readonly TimestampColumn _paidAt = new("paid_at", nullable: true);
    private readonly Utf8StringColumn _campaignId = new("campaign_id") { DictionaryPages = true };
    private readonly Utf8StringColumn _url = new("url") { DictionaryPages = true };
    private readonly Utf8StringColumn _form = new("form") { DictionaryPages = true };
    private readonly Utf8StringColumn _feature = new("feature") { DictionaryPages = true };
    private readonly Utf8StringColumn _direction = new("direction") { DictionaryPages = true };
    private readonly NullableInt32Column _durationSeconds = new("duration_s");
    private readonly Utf8StringColumn _outcome = new("outcome") { DictionaryPages = true };
    private readonly NullableDoubleColumn _sentiment = new("sentiment");
    private readonly NullableInt32Column _nps = new("nps");
    private readonly Utf8StringColumn _strategy = new("strategy") { DictionaryPages = true };
    private readonly Utf8StringColumn _growthPlan = new("growth_plan") { DictionaryPages = true };
    private readonly NullableDoubleColumn _annualBudget = new("annual_budget");
    private readonly Utf8StringColumn _propertiesJson = new("properties_json");
    private readonly Utf8StringColumn _traitsJson = new("traits_json") { DictionaryPages = true };
    private readonly StringListColumn _ignored = new("ignored_identifiers");
    private readonly Utf8StringColumn _sourcePosition = new("source_position", nullable: false) { SharedPrefixPages = true };
    private readonly Int64Column _txn = new("txn") { DictionaryPages = true };
    private readonly List<int> _signatureHandles = [];

    protected internal override IReadOnlyList<ColumnBuffer> Columns =>
    [
        _eventId, _type, _occurredAt, _date, _resolution.ProfileId, _resolution.AccountId, _resolution.SignatureId, _email,
        _roleEmail, _phone, _anonymousId, _userId, _crmContactId, _social, _crmAccountId, _inn, _domain, _companyName, _industry,
        _region, _employees,
        _firstName, _lastName, _title, _role, _orderId, _amount, _currency, _margin, _discount, _invoiceId, _dueDate,
        _paidAt, _campaignId, _url, _form, _feature, _direction, _durationSeconds, _outcome, _sentiment, _nps,
        _strategy, _growthPlan, _annualBudget, _propertiesJson, _traitsJson, _ignored, _sourcePosition, _resolution.IngestedAt, _txn,
    ];

    /// <summary>The columns but the resolution's (<see cref="TouchpointResolutions"/>): what an ingest encodes before its batch is resolved.</summary>
    internal IReadOnlyList<ColumnBuffer> ColumnsBeforeResolution => [.. Columns.Where(c => !TouchpointResolutions.Names.Contains(c.Name))];

    /// <param name="signature">The engine's handle for the event's identifier set (see <see cref="Resolve"/>).</param>
    /// <param name="vault">
    /// In a pseudonymised lake: the person's identifiers and names are written as tokens (their clear values go to the
    /// vault), and the traits JSON, which repeats the names, is left out.
    /// </param>
    public void Add(IncomingEvent e, IdentityKeys keys, int signature, SourcePosition sourcePosition, long txn, IdentifierVault? vault = null)
    {
        _eventId.Add(e.EventIdUtf8);
        _type.Add(e.Type);
        _occurredAt.Add(e.OccurredAt.UtcDateTime);
        _date.Add(DateOnly.FromDateTime(e.OccurredAt.UtcDateTime));
        _signatureHandles.Add(signature);

        // What IdentityKeys.Get gives per kind (the first explicit key, else the first), in one pass over the keys.
        ByKind first = default, stated = default;
        var list = keys.Span;
        for (var i = 0; i < list.Length; i++)
        {
            var key = list[i];
            first[(int)key.Kind] ??= key.Value;
            if (key.Explicit)
            {
                stated[(int)key.Kind] ??= key.Value;
            }
        }

        string? Get(IdentifierKind kind) => stated[(int)kind] ?? first[(int)kind];
        string? Personal(IdentifierKind kind) => vault is null ? Get(kind) : vault.Protect(kind, Get(kind));
        _email.Add(Personal(IdentifierKind.Email));
        _roleEmail.Add(Personal(IdentifierKind.RoleEmail));
        _phone.Add(Get(IdentifierKind.Phone) is not null ? Personal(IdentifierKind.Phone) : Personal(IdentifierKind.OfficePhone));
        _anonymousId.Add(Personal(IdentifierKind.AnonymousId));
        _userId.Add(Personal(IdentifierKind.UserId));
        _crmContactId.Add(Personal(IdentifierKind.CrmContactId));
        _social.Add(Personal(IdentifierKind.Social));
        _crmAccountId.Add(Get(IdentifierKind.CrmAccountId));
        _inn.Add(Get(IdentifierKind.Inn));
        _domain.Add(stated[(int)IdentifierKind.Domain]);
        var account = e.Account;
        _companyName.Add(account?.Name);
        _industry.Add(account?.Industry);
        _region.Add(account?.Region);
        _employees.Add(account?.Employees);
        _firstName.Add(vault is null ? e.Traits?.FirstName : vault.Protect(IdentifierVault.FirstName, e.Traits?.FirstName));
        _lastName.Add(vault is null ? e.Traits?.LastName : vault.Protect(IdentifierVault.LastName, e.Traits?.LastName));
        _title.Add(e.Traits?.Title);
        _role.Add(e.Traits?.Role);
        var p = e.Properties;
        _orderId.Add(p.OrderId);
        _amount.Add(p.Amount);
        _currency.Add(p.Currency);
        _margin.Add(p.Margin);
        _discount.Add(p.Discount);
        _invoiceId.Add(p.InvoiceId);
        _dueDate.Add(p.DueDate);
        _paidAt.Add(p.PaidAt?.UtcDateTime);
        _campaignId.Add(p.CampaignId);
        _url.Add(p.Url);
        _form.Add(p.Form);
        _feature.Add(p.Feature);
        _direction.Add(p.Direction);
        _durationSeconds.Add(p.DurationSeconds);
        _outcome.Add(p.Outcome);
        _sentiment.Add(p.Sentiment);
        _nps.Add(p.Nps);
        _strategy.Add(p.Strategy);
        _growthPlan.Add(p.GrowthPlan);
        _annualBudget.Add(p.AnnualBudget);
        _propertiesJson.Add(p.JsonUtf8);
        _traitsJson.Add(vault is null && e.Traits is { } traits ? traits.JsonUtf8 : default);
        // Array.Empty, not []: beside a List, [] is a new List (one per row).
        _ignored.Add(keys.Ignored.Count == 0 ? Array.Empty<string>() : keys.Ignored.Select(i => i.ToString()).ToList());
        _sourcePosition.Add(sourcePosition);
        _txn.Add(txn);
    }

    /// <summary>The UTC date of a row's occurred_at.</summary>
    public DateOnly DateOf(int row) => DateOnly.FromDateTime(_occurredAt[row]!.Value);

    /// <summary>The <c>date</c> of rows read from files written before that column existed: the UTC date of occurred_at.</summary>
    public void FillMissingDates()
    {
        for (var row = 0; row < _date.Count; row++)
        {
            if (_date[row] is null && _occurredAt[row] is { } at)
            {
                _date.Set(row, DateOnly.FromDateTime(at));
            }
        }
    }

    [InlineArray(IdentifierKinds.Count)]
    private struct ByKind
    {
        private string? _value;
    }

    /// <summary>
    /// Fills profile_id, account_id and signature_id from the engine once the batch is resolved, and
    /// ingested_at with the commit's time. The account is the one at the event's time (a person who changed
    /// employer has one signature for events at both).
    /// </summary>
    public void Resolve(Func<int, CapturedResolution> resolution, DateTime ingestedAt)
    {
        var (handles, ticks) = ResolutionInputs(0, Rows);
        _resolution.Fill(handles.AsSpan(0, Rows), ticks.AsSpan(0, Rows), CapturedResolutions.Capture(_signatureHandles, resolution), ingestedAt);
        ArrayPool<int>.Shared.Return(handles);
        ArrayPool<long>.Shared.Return(ticks);
    }

    /// <summary>
    /// What filling the resolution columns of rows <paramref name="first"/>.. needs: their signature handles and event
    /// times (UTC ticks), in arrays rented from <see cref="ArrayPool{T}.Shared"/> (a chunk's would be large objects): the
    /// first <paramref name="rows"/> of each are the rows'; give them back once used.
    /// </summary>
    public (int[] Handles, long[] OccurredTicks) ResolutionInputs(int first, int rows)
    {
        var handles = ArrayPool<int>.Shared.Rent(rows);
        var ticks = ArrayPool<long>.Shared.Rent(rows);
        for (var i = 0; i < rows; i++)
        {
            handles[i] = _signatureHandles[first + i];
            ticks[i] = _occurredAt[first + i]!.Value.Ticks;
        }

        return (handles, ticks);
    }

    internal override void Permute(int[] order)
    {
        // The resolution's columns are empty until filled (an ingest's chunk is regrouped before its batch is resolved).
        foreach (var column in _resolution.Rows == Rows ? Columns : ColumnsBeforeResolution)
        {
            column.Permute(order);
        }

        if (_signatureHandles.Count == 0)
        {
            // Rows read back from a file (compaction, erasure) have no engine handles.
            return;
        }

        var handles = order.Select(i => _signatureHandles[i]).ToList();
        _signatureHandles.Clear();
        _signatureHandles.AddRange(handles);
    }

    public override void Clear()
    {
        base.Clear();
        _signatureHandles.Clear();
        _resolution.Clear();
    }

    /// <summary>Empties the rows and gives the columns' arrays back to their pools (a chunk let go).</summary>
    public override void Release()
    {
        Clear();
        base.Release();
        _resolution.Release();
    }
}
