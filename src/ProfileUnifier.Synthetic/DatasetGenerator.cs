using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace ProfileUnifier.Synthetic;

/// <summary>
/// Writes a synthetic B2B event stream as NDJSON with its truth: for each event, the real person and
/// company behind it, and the person's "linkable group" (the events that share some identifier only that
/// person uses; recall is measured within those). Deterministic for a given <see cref="GeneratorOptions"/>.
/// </summary>
public sealed class DatasetGenerator
{
    private readonly GeneratorOptions _options;
    private readonly Random _random;
    private readonly SyntheticWorld _world;
    private readonly double[] _cumulativeActivity;
    private readonly DateTimeOffset _start;
    private readonly LineWriter _line = new();
    private readonly List<(int Person, int Account, sbyte Token)> _truth = [];
    private readonly int[][] _tokenParent;
    private readonly List<byte[]> _recent = [];
    private readonly Dictionary<string, long> _bySource = new(StringComparer.Ordinal);
    private Stream _out = Stream.Null;
    private long _lines, _redeliveries, _malformed, _orders, _invoices;

    public DatasetGenerator(GeneratorOptions options)
    {
        options.Validate();
        _options = options;
        _random = new Random(options.Seed);
        _world = SyntheticWorld.Build(options, _random);
        _start = new DateTimeOffset(options.AsOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(-options.Days + 1);
        _cumulativeActivity = new double[_world.People.Count];
        var sum = 0.0;
        for (var i = 0; i < _world.People.Count; i++)
        {
            sum += _world.People[i].Activity;
            _cumulativeActivity[i] = sum;
        }

        _tokenParent = _world.People.Select(_ => Enumerable.Range(0, SyntheticWorld.TokenCount).ToArray()).ToArray();
    }

    /// <summary>Writes the events to <paramref name="events"/> and the truth CSV to <paramref name="truth"/>.</summary>
    public GenerationSummary Generate(Stream events, Stream? truth, IProgress<long>? progress = null)
    {
        _out = events;
        foreach (var account in _world.Accounts)
        {
            AccountUpdated(account, Time(account));
        }

        while (_lines < _options.Events)
        {
            var roll = _random.NextDouble();
            if (roll < _options.RedeliveryRate && _recent.Count > 0)
            {
                Write(_recent[_random.Next(_recent.Count)], remember: false);
                _redeliveries++;
            }
            else if (roll < _options.RedeliveryRate + _options.MalformedRate && _recent.Count > 0)
            {
                var kind = (int)(_malformed % Malformer.Kinds);
                Write(Malformer.Make(kind, _recent[^1], (int)_malformed, _random), remember: false);
                _malformed++;
            }
            else
            {
                NextEvent(PickPerson());
            }

            if ((_lines & 0xFFFF) == 0)
            {
                progress?.Report(_lines);
            }
        }

        progress?.Report(_lines);
        if (truth is not null)
        {
            WriteTruth(truth);
        }

        return new GenerationSummary(_lines, _truth.Count, _redeliveries, _malformed, _world.Accounts.Count,
            _world.People.Count, _orders, new Dictionary<string, long>(_bySource))
        {
            CollapsedAccounts = [.. _world.Accounts.Where(a => a.Collapsing).Select(a => a.Name)],
        };
    }

    private SyntheticPerson PickPerson()
    {
        var target = _random.NextDouble() * _cumulativeActivity[^1];
        var index = Array.BinarySearch(_cumulativeActivity, target);
        return _world.People[index < 0 ? Math.Min(~index, _world.People.Count - 1) : index];
    }

    private void NextEvent(SyntheticPerson p)
    {
        var t = Time(p.Account);
        var job = p.At(t);
        var roll = _random.NextDouble();
        if (roll < 0.30) { PageView(p, job, t); }
        else if (roll < 0.36) { FormSubmitted(p, job, t); }
        else if (roll < 0.38) { KioskPageView(p, job, t); }
        else if (roll < 0.48) { AppEvent(p, job, t); }
        else if (roll < 0.68) { EmailEvent(p, job, t); }
        else if (roll < 0.76) { Call(p, job, t); }
        else if (roll < 0.81) { SocialEvent(p, job, t); }
        else if (roll < 0.88) { ContactUpdated(p, job, t); }
        else if (roll < 0.93) { Order(p, job, t); }
        else if (roll < 0.94) { Feedback(p, job, t); }
        else if (roll < 0.96) { Assessment(job.Account, t); }
        else if (roll < 0.965) { SwitchboardCall(job.Account, t); }
        else { PageView(p, job, t); }
    }

    // ---- events by source -------------------------------------------------------------------------

    private void PageView(SyntheticPerson p, Job job, DateTimeOffset t)
    {
        var cookie = Pick(p.Cookies);
        Begin("web", "page_view", t);
        Identifiers(anonymousId: cookie, phone: _random.NextDouble() < 0.02 ? "+7 (000) 000-00-00" : null);
        Properties(w => w.WriteString("url", "https://" + (job.Account.Domain ?? "shop.example.org") + Pick(Vocabulary.Pages)));
        End(p, Tokens(p, cookie: cookie), job.Account);
    }

    private void KioskPageView(SyntheticPerson p, Job job, DateTimeOffset t)
    {
        Begin("web", "page_view", t);
        Identifiers(anonymousId: Pick(_world.Kiosks));
        Properties(w => w.WriteString("url", "https://expo.example.org/stand"));
        End(p, -1, job.Account);
    }

    private void FormSubmitted(SyntheticPerson p, Job job, DateTimeOffset t)
    {
        var a = job.Account;
        var atKiosk = _random.NextDouble() < 0.08;
        var onSharedDevice = !atKiosk && a.SharedDevice is not null && _random.NextDouble() < 0.3;
        var useRoleMailbox = !atKiosk && a.Domain is not null && _random.NextDouble() < 0.03;
        var cookie = atKiosk ? Pick(_world.Kiosks) : onSharedDevice ? a.SharedDevice! : Pick(p.Cookies);
        var email = useRoleMailbox ? $"sales@{a.Domain}" : Email(p, job);
        var phone = _random.NextDouble() < 0.5 ? p.Mobile ?? a.OfficePhone : null;
        Begin("web", "form_submitted", t);
        Identifiers(email: Styled(email), phone: StyledPhone(phone), anonymousId: cookie);
        _line.Json.WriteStartObject("account");
        _line.Json.WriteString("name", a.Name);
        if (_random.NextDouble() < 0.3)
        {
            _line.Optional("domain", a.Domain);
        }

        _line.Json.WriteEndObject();
        Traits(p);
        Properties(w => w.WriteString("form", atKiosk ? "expo_lead" : Pick(Vocabulary.Forms)));
        var tokens = Tokens(p, email: useRoleMailbox ? null : email, phone: phone, cookie: atKiosk || onSharedDevice ? null : cookie);
        End(p, tokens, a);
    }

    private void AppEvent(SyntheticPerson p, Job job, DateTimeOffset t)
    {
        if (p.UserId is null)
        {
            PageView(p, job, t);
            return;
        }

        var device = Pick(p.Cookies);
        var session = _random.NextDouble() < 0.4;
        Begin("app", session ? "session_started" : "feature_used", t);
        Identifiers(userId: p.UserId, anonymousId: _random.NextDouble() < 0.7 ? device : null);
        if (!session)
        {
            Properties(w => w.WriteString("feature", Pick(Vocabulary.Features)));
        }

        End(p, Tokens(p, user: true, cookie: device), job.Account);
    }

    private void EmailEvent(SyntheticPerson p, Job job, DateTimeOffset t)
    {
        string[] types = ["email_sent", "email_sent", "email_opened", "email_opened", "email_clicked", "email_replied", "unsubscribed"];
        var type = types[_random.Next(types.Length)];
        var toMailbox = job.Account.Domain is not null && _random.NextDouble() < 0.04;
        var email = toMailbox ? $"{Pick(Vocabulary.RoleMailboxes)}@{job.Account.Domain}" : Email(p, job);
        Begin("email", type, t);
        Identifiers(email: Styled(email));
        Properties(w =>
        {
            w.WriteString("campaign_id", $"cmp-{t.Month:D2}-{_random.Next(3)}");
            if (type == "email_clicked")
            {
                w.WriteString("url", "https://" + (job.Account.Domain ?? "shop.example.org") + Pick(Vocabulary.Pages));
            }
        });
        End(toMailbox ? null : p, toMailbox ? -1 : Tokens(p, email: email), job.Account);
    }

    private void Call(SyntheticPerson p, Job job, DateTimeOffset t)
    {
        var fromOffice = job.Account.OfficePhone is not null && (p.Mobile is null || _random.NextDouble() < 0.4);
        var phone = fromOffice ? job.Account.OfficePhone : p.Mobile;
        var crm = p.CrmContactId is not null && _random.NextDouble() < 0.7 ? p.CrmContactId : null;
        if (phone is null && crm is null)
        {
            EmailEvent(p, job, t);
            return;
        }

        Begin("call", "call_completed", t);
        Identifiers(phone: StyledPhone(phone), crmContactId: crm);
        Properties(w =>
        {
            w.WriteString("direction", _random.NextDouble() < 0.5 ? "in" : "out");
            w.WriteNumber("duration_s", _random.Next(20, 1800));
            w.WriteString("outcome", Pick(Vocabulary.CallOutcomes));
        });
        End(p, Tokens(p, phone: fromOffice ? null : phone, crm: crm is not null), job.Account);
    }

    /// <summary>A call from a company's line with nobody named: the reception line (never seen with a person) or the office line.</summary>
    private void SwitchboardCall(SyntheticAccount a, DateTimeOffset t)
    {
        var line = a.ReceptionLine ?? a.OfficePhone;
        if (line is null)
        {
            return;
        }

        Begin("call", "call_completed", t);
        Identifiers(phone: StyledPhone(line));
        Properties(w =>
        {
            w.WriteString("direction", "in");
            w.WriteNumber("duration_s", _random.Next(20, 600));
            w.WriteString("outcome", Pick(Vocabulary.CallOutcomes));
        });
        End(null, -1, a);
    }

    private void SocialEvent(SyntheticPerson p, Job job, DateTimeOffset t)
    {
        if (p.Social is null)
        {
            EmailEvent(p, job, t);
            return;
        }

        string[] types = ["mention", "message", "follow"];
        var social = _random.Next(3) switch
        {
            0 => $"vk:{p.Social}",
            1 => $"https://vk.com/{p.Social}",
            _ => $"VK:@{p.Social}",
        };
        Begin("social", Pick(types), t);
        Identifiers(social: social);
        Properties(w => w.WriteNumber("sentiment", Math.Round(Math.Clamp((_random.NextDouble() * 1.8) - 0.8, -1, 1), 2)));
        End(p, Tokens(p, social: true), job.Account);
    }

    private void ContactUpdated(SyntheticPerson p, Job job, DateTimeOffset t)
    {
        if (p.CrmContactId is null)
        {
            EmailEvent(p, job, t);
            return;
        }

        Begin("crm", "contact_updated", t);
        Identifiers(crmContactId: p.CrmContactId, email: job.WorkEmail ?? p.PersonalEmail, phone: StyledPhone(p.Mobile));
        AccountBlock(job.Account, full: true);
        Traits(p);
        End(p, Tokens(p, crm: true, email: job.WorkEmail ?? p.PersonalEmail, phone: p.Mobile), job.Account);
    }

    private void Order(SyntheticPerson p, Job job, DateTimeOffset t)
    {
        var a = job.Account;
        var orderId = $"ORD-{++_orders:D7}";
        var amount = Math.Round(20_000 * Math.Pow(a.Weight, 0.5) * Math.Exp(NextGaussian() * 0.5), 2);
        var progress = (t - _start).TotalDays / _options.Days;
        var margin = Math.Round(a.BaseMargin - (a.MarginPressure ? 0.15 * progress : 0) + (NextGaussian() * 0.03), 3);
        var discount = Math.Round(Math.Clamp((a.MarginPressure ? 0.05 + (0.2 * progress) : 0.03) + (NextGaussian() * 0.02), 0, 0.9), 3);
        var viaCrm = a.CrmId is not null || a.Inn is not null || a.Domain is not null;
        if (viaCrm)
        {
            Begin("crm", "order_completed", t);
            if (p.CrmContactId is not null)
            {
                Identifiers(crmContactId: p.CrmContactId);
            }

            AccountBlock(a, full: false);
            OrderProperties(orderId, amount, margin, discount, a, t);
            End(p.CrmContactId is null ? null : p, Tokens(p, crm: p.CrmContactId is not null), a);
        }

        // The web shop or the app often reports the same order: revenue must count it once.
        if (!viaCrm || _random.NextDouble() < 0.5)
        {
            var inApp = p.UserId is not null && _random.NextDouble() < 0.4;
            var email = Email(p, job);
            var cookie = Pick(p.Cookies);
            Begin(inApp ? "app" : "web", "order_completed", t.AddMinutes(-_random.Next(1, 30)));
            if (inApp)
            {
                Identifiers(userId: p.UserId);
            }
            else
            {
                Identifiers(email: Styled(email), anonymousId: cookie);
            }

            OrderProperties(orderId, amount, margin, discount, a, t);
            End(p, inApp ? Tokens(p, user: true) : Tokens(p, email: email, cookie: cookie), a);
        }

        if (viaCrm)
        {
            Invoice(a, t, amount);
        }
    }

    private void Invoice(SyntheticAccount a, DateTimeOffset t, double amount)
    {
        var invoiceId = $"INV-{++_invoices:D7}";
        var due = DateOnly.FromDateTime(t.UtcDateTime).AddDays(30);
        Begin("crm", "invoice_issued", t.AddHours(1));
        AccountBlock(a, full: false);
        Properties(w =>
        {
            w.WriteString("invoice_id", invoiceId);
            w.WriteNumber("amount", amount);
            w.WriteString("due_date", due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        });
        End(null, -1, a);

        var paidAt = t.AddDays(30 + a.PaymentDelayDays + _random.Next(-3, 4));
        var asOf = new DateTimeOffset(_options.AsOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        if (paidAt > asOf || _random.NextDouble() < 0.03)
        {
            return;
        }

        Begin("crm", "payment_received", paidAt);
        AccountBlock(a, full: false);
        Properties(w =>
        {
            w.WriteString("invoice_id", invoiceId);
            w.WriteNumber("amount", amount);
            w.WriteString("paid_at", Timestamp(paidAt));
        });
        End(null, -1, a);
    }

    private void Feedback(SyntheticPerson p, Job job, DateTimeOffset t)
    {
        if (p.CrmContactId is null)
        {
            EmailEvent(p, job, t);
            return;
        }

        Begin("crm", "feedback", t);
        Identifiers(crmContactId: p.CrmContactId);
        Properties(w => w.WriteNumber("nps", Math.Clamp((int)Math.Round(7 + (NextGaussian() * 2.5)), 0, 10)));
        End(p, Tokens(p, crm: true), job.Account);
    }

    private void Assessment(SyntheticAccount a, DateTimeOffset t)
    {
        if (a.CrmId is null)
        {
            return;
        }

        Begin("crm", "assessment", t);
        AccountBlock(a, full: false);
        Properties(w =>
        {
            w.WriteStartObject("criteria");
            foreach (var criterion in Vocabulary.Criteria)
            {
                w.WriteNumber(criterion, Math.Clamp((int)Math.Round(5 + (Math.Log(a.Weight) * 1.2) + (NextGaussian() * 1.5)), 1, 10));
            }

            w.WriteEndObject();
        });
        End(null, -1, a);
    }

    private void AccountUpdated(SyntheticAccount a, DateTimeOffset t)
    {
        if (a.CrmId is null && a.Inn is null && a.Domain is null)
        {
            return;
        }

        Begin("crm", "account_updated", t);
        AccountBlock(a, full: true);
        Properties(w =>
        {
            w.WriteString("strategy", a.Weight > 5 ? "grow" : "maintain");
            if (_random.NextDouble() < 0.4)
            {
                w.WriteString("growth_plan", "joint roadmap " + t.Year.ToString(CultureInfo.InvariantCulture));
            }

            w.WriteNumber("annual_budget", a.AnnualBudget);
        });
        End(null, -1, a);
    }

    // ---- pieces of a line -------------------------------------------------------------------------

    private void Begin(string source, string type, DateTimeOffset t)
    {
        _line.Begin();
        var w = _line.Json;
        w.WriteString("event_id", EventId(_truth.Count));
        w.WriteString("source", source);
        w.WriteString("type", type);
        w.WriteString("occurred_at", Timestamp(t));
        _bySource[source] = _bySource.GetValueOrDefault(source) + 1;
    }

    private void Identifiers(string? email = null, string? phone = null, string? anonymousId = null, string? userId = null,
        string? crmContactId = null, string? social = null)
    {
        var w = _line.Json;
        w.WriteStartObject("identifiers");
        _line.Optional("email", email);
        _line.Optional("phone", phone);
        _line.Optional("anonymous_id", anonymousId);
        _line.Optional("user_id", userId);
        _line.Optional("crm_contact_id", crmContactId);
        _line.Optional("social", social);
        w.WriteEndObject();
    }

    private void AccountBlock(SyntheticAccount a, bool full)
    {
        var w = _line.Json;
        w.WriteStartObject("account");
        _line.Optional("account_id", a.CrmId);
        if (full || a.CrmId is null)
        {
            _line.Optional("inn", a.Inn);
            _line.Optional("domain", a.Domain);
        }

        if (full)
        {
            w.WriteString("name", a.Name);
            w.WriteString("industry", a.Industry);
            w.WriteString("region", a.Region);
            w.WriteNumber("employees", a.Employees);
        }

        w.WriteEndObject();
    }

    private void Traits(SyntheticPerson p)
    {
        var w = _line.Json;
        w.WriteStartObject("traits");
        w.WriteString("first_name", p.CyrillicNames ? p.FirstName.Cyrillic : Capitalize(p.FirstName.Latin));
        w.WriteString("last_name", p.CyrillicNames ? p.LastName.Cyrillic : Capitalize(p.LastName.Latin));
        w.WriteString("title", p.Title);
        w.WriteString("role", p.Role);
        w.WriteEndObject();
    }

    private void Properties(Action<System.Text.Json.Utf8JsonWriter> write)
    {
        _line.Json.WriteStartObject("properties");
        write(_line.Json);
        _line.Json.WriteEndObject();
    }

    private void OrderProperties(string orderId, double amount, double margin, double discount, SyntheticAccount a, DateTimeOffset t) => Properties(w =>
    {
        w.WriteString("order_id", orderId);
        // Invoices stay in roubles (the contract gives them no currency); a foreign-billed order is its rouble value at the month's rate.
        w.WriteNumber("amount", a.Currency == "RUB" ? amount : Math.Round(amount / (double)FxRates.Rate(a.Currency, DateOnly.FromDateTime(t.UtcDateTime)), 2));
        w.WriteString("currency", a.Currency);
        w.WriteNumber("margin", margin);
        w.WriteNumber("discount", discount);
    });

    /// <summary>Finishes the line and records its truth: the person (null for company-level events) and the company it is for.</summary>
    private void End(SyntheticPerson? person, int token, SyntheticAccount account)
    {
        Write(_line.End(), remember: true);
        _truth.Add((person?.Index ?? -1, account.Index, (sbyte)token));
    }

    private void Write(ReadOnlySpan<byte> line, bool remember)
    {
        _out.Write(line);
        _out.WriteByte((byte)'\n');
        _lines++;
        if (remember && (_lines & 7) == 0)
        {
            if (_recent.Count < 64)
            {
                _recent.Add(line.ToArray());
            }
            else
            {
                _recent[_random.Next(64)] = line.ToArray();
            }
        }
    }

    /// <summary>Unions the private identifiers an event carries; returns one of them (-1: none).</summary>
    private int Tokens(SyntheticPerson p, string? email = null, string? phone = null, string? cookie = null,
        bool user = false, bool crm = false, bool social = false)
    {
        Span<int> tokens = stackalloc int[6];
        var n = 0;
        if (email is not null && email == p.WorkEmail) { tokens[n++] = SyntheticWorld.TokenWorkEmail; }
        if (email is not null && email == p.NextWorkEmail) { tokens[n++] = SyntheticWorld.TokenNextWorkEmail; }
        if (email is not null && email == p.PersonalEmail) { tokens[n++] = SyntheticWorld.TokenPersonalEmail; }
        if (phone is not null && phone == p.Mobile) { tokens[n++] = SyntheticWorld.TokenMobile; }
        if (cookie is not null && Array.IndexOf(p.Cookies, cookie) is var c and >= 0) { tokens[n++] = SyntheticWorld.TokenCookie + c; }
        if (user) { tokens[n++] = SyntheticWorld.TokenUser; }
        if (crm) { tokens[n++] = SyntheticWorld.TokenCrm; }
        if (social) { tokens[n++] = SyntheticWorld.TokenSocial; }
        if (n == 0)
        {
            return -1;
        }

        var parent = _tokenParent[p.Index];
        for (var i = 1; i < n; i++)
        {
            parent[Find(parent, tokens[i])] = Find(parent, tokens[0]);
        }

        return tokens[0];
    }

    private void WriteTruth(Stream truth)
    {
        using var writer = new StreamWriter(truth, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        writer.Write(TruthFile.Header + "\n");
        for (var i = 0; i < _truth.Count; i++)
        {
            var (person, account, token) = _truth[i];
            writer.Write(EventId(i));
            writer.Write(',');
            if (person >= 0)
            {
                writer.Write(_world.People[person].TruthId);
            }

            writer.Write(',');
            writer.Write(_world.Accounts[account].TruthId);
            writer.Write(',');
            if (person >= 0 && token >= 0)
            {
                writer.Write(_world.People[person].TruthId);
                writer.Write('/');
                writer.Write(Find(_tokenParent[person], token).ToString(CultureInfo.InvariantCulture));
            }

            writer.Write('\n');
        }
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            i = parent[i] = parent[parent[i]];
        }

        return i;
    }

    // ---- randomness ---------------------------------------------------------------------------------

    /// <summary>A UUID-looking id, the same for the same seed and position.</summary>
    private string EventId(int index)
    {
        Span<byte> key = stackalloc byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(key, _options.Seed);
        BinaryPrimitives.WriteInt32LittleEndian(key[4..], index);
        return new Guid(XxHash128.Hash(key)).ToString();
    }

    private DateTimeOffset Time(SyntheticAccount a)
    {
        var day = _random.Next(a.StartDay, _options.Days);
        if (a.Declining && day >= _options.Days - 90 && _random.NextDouble() < 0.75)
        {
            day = _random.Next(a.StartDay, Math.Max(a.StartDay + 1, _options.Days - 90));
        }

        // A collapse keeps one event in twenty of the last 30 days; the rest move a month back (no random draw, so
        // the stream of every other account is unchanged).
        if (a.Collapsing && day >= _options.Days - 30 && _lines % 20 != 0)
        {
            day = Math.Max(a.StartDay, day - 30);
        }

        return _start.AddDays(day).AddSeconds(_random.Next(8 * 3600, 20 * 3600)).AddMilliseconds(_random.Next(1000));
    }

    private string Timestamp(DateTimeOffset t) => _random.NextDouble() < 0.1
        ? t.ToOffset(TimeSpan.FromHours(3)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture)
        : t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private string Email(SyntheticPerson p, Job job) =>
        job.WorkEmail is not null && (p.PersonalEmail is null || _random.NextDouble() < 0.75) ? job.WorkEmail : p.PersonalEmail!;

    /// <summary>Emails as people type them: case and stray spaces vary.</summary>
    private string? Styled(string? email) => email is null ? null : _random.Next(10) switch
    {
        0 => email.ToUpperInvariant(),
        1 => $" {email} ",
        2 => char.ToUpperInvariant(email[0]) + email[1..],
        _ => email,
    };

    private string? StyledPhone(string? e164)
    {
        if (e164 is null)
        {
            return null;
        }

        var d = e164[2..];
        return _random.Next(4) switch
        {
            0 => e164,
            1 => $"8 ({d[..3]}) {d[3..6]}-{d[6..8]}-{d[8..]}",
            2 => $"+7 {d[..3]} {d[3..6]} {d[6..8]} {d[8..]}",
            _ => $"8{d}",
        };
    }

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    private double NextGaussian() =>
        Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    private static string Capitalize(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}
