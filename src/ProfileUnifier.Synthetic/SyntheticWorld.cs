using ProfileUnifier.Core.Identity;

namespace ProfileUnifier.Synthetic;

/// <summary>
/// Companies with a heavy-tailed (Pareto-like) size spread, their people with several devices and
/// emails, shared office lines, reception lines nobody is named on, role mailboxes, a few holdings sharing one
/// domain, companies with a second domain, people with free-mail only, people who change employer, and
/// trade-show kiosks.
/// </summary>
internal sealed class SyntheticWorld
{
    public const int TokenWorkEmail = 0, TokenPersonalEmail = 1, TokenMobile = 2, TokenCookie = 3, TokenUser = 6,
        TokenCrm = 7, TokenSocial = 8, TokenNextWorkEmail = 9, TokenCount = 10;

    private SyntheticWorld(List<SyntheticAccount> accounts, List<SyntheticPerson> people, string[] kiosks)
    {
        Accounts = accounts;
        People = people;
        Kiosks = kiosks;
    }

    public List<SyntheticAccount> Accounts { get; }
    public List<SyntheticPerson> People { get; }
    public string[] Kiosks { get; }

    public static SyntheticWorld Build(GeneratorOptions options, Random random)
    {
        var accounts = new List<SyntheticAccount>(options.Accounts);
        var people = new List<SyntheticPerson>();
        var usedPhones = new HashSet<string>();
        string? holdingDomain = null;
        for (var i = 0; i < options.Accounts; i++)
        {
            var stem = Vocabulary.CompanyStems[random.Next(Vocabulary.CompanyStems.Length)];
            var inCrm = random.NextDouble() < 0.85;
            // Pareto(alpha 1.3) sizes, capped so no single account swamps a small world.
            var weight = Math.Min(Math.Pow(1 - random.NextDouble(), -1 / 1.3), 400);
            var domain = random.NextDouble() < 0.95 ? $"{stem}-{i + 1}.ru" : null;
            // Every fiftieth company belongs to a holding that shares the previous one's domain (both in the CRM,
            // which tells the two apart; a company known by nothing but a domain another states is not resolvable).
            if (i % 50 == 49 && holdingDomain is not null && inCrm && accounts[^1].CrmId is not null)
            {
                domain = holdingDomain;
            }

            var secondDomain = domain is not null && domain != holdingDomain && random.NextDouble() < 0.1 ? $"{stem}-{i + 1}-group.com" : null;

            var account = new SyntheticAccount
            {
                Index = i,
                TruthId = $"acct-{i + 1:D5}",
                CrmId = inCrm ? $"A-{1000 + i}" : null,
                Inn = inCrm && random.NextDouble() < 0.9 ? InnChecksum.Complete($"77{random.Next(1000000, 9999999)}") : null,
                Domain = domain,
                Name = $"{Vocabulary.LegalForms[random.Next(Vocabulary.LegalForms.Length)]} {char.ToUpperInvariant(stem[0])}{stem[1..]} {i + 1}",
                Industry = Vocabulary.Industries[random.Next(Vocabulary.Industries.Length)],
                Region = Vocabulary.Regions[random.Next(Vocabulary.Regions.Length)],
                Employees = (int)Math.Min(50_000, 10 * weight * (0.5 + random.NextDouble())),
                // Most office lines are landlines; some teams share a mobile, which only its use gives away.
                OfficePhone = random.NextDouble() < 0.7
                    ? UniquePhone(random, usedPhones, random.NextDouble() < 0.25 ? "903" : "495")
                    : null,
                SecondDomain = secondDomain,
                ReceptionLine = random.NextDouble() < 0.3 ? UniquePhone(random, usedPhones, "812") : null,
                SharedDevice = random.NextDouble() < 0.1 ? $"ck-shared-{random.NextInt64():x12}" : null,
                Weight = weight,
                Declining = random.NextDouble() < options.DecliningRate,
                // Chosen by hash, not by the random stream, so data sets without them are the same as before.
                Collapsing = Fraction(options.Seed, i, 1) < options.CollapsingRate,
                Currency = Fraction(options.Seed, i, 2) is var f && f < options.ForeignCurrencyRate ? (f < options.ForeignCurrencyRate / 2 ? "USD" : "EUR") : "RUB",
                // About one company in eight is won late: in the last year when the history is longer than one.
                StartDay = random.NextDouble() < 0.12 ? random.Next(Math.Max(options.Days / 3, options.Days - 365), Math.Max((options.Days / 3) + 1, options.Days - 30)) : 0,
                BaseMargin = 0.12 + (random.NextDouble() * 0.25),
                MarginPressure = random.NextDouble() < 0.15,
                PaymentDelayDays = random.NextDouble() < 0.2 ? random.Next(10, 60) : random.Next(-5, 3),
                AnnualBudget = Math.Round(weight * 2_000_000 * (1 + random.NextDouble()), 0),
            };
            holdingDomain = domain;
            accounts.Add(account);

            var headcount = Math.Min(30, 1 + Poisson(random, 1.2 + (1.5 * Math.Log(1 + weight))));
            for (var p = 0; p < headcount; p++)
            {
                var person = NewPerson(random, account, people.Count, usedPhones);
                account.People.Add(person);
                people.Add(person);
            }
        }

        MoveSomePeople(options, random, accounts, people);
        var kiosks = Enumerable.Range(1, Math.Max(2, options.Accounts / 40)).Select(k => $"kiosk-expo-{k:D2}").ToArray();
        return new SyntheticWorld(accounts, people, kiosks);
    }

    /// <summary>
    /// Job changers: a person with a work address moves, partway through the history, to another company with a
    /// domain: a new address there; phone, personal address, devices, app login and CRM contact stay theirs.
    /// </summary>
    private static void MoveSomePeople(GeneratorOptions options, Random random, List<SyntheticAccount> accounts, List<SyntheticPerson> people)
    {
        var start = new DateTimeOffset(options.AsOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(-options.Days + 1);
        // A company whose only domain another company states too (a holding) is not knowable as an employer to
        // move from or to: nothing in the data says which of the two it is.
        var shared = accounts.Where(a => a.Domain is not null).GroupBy(a => a.Domain).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        var targets = accounts.Where(a => a.Domain is not null && !shared.Contains(a.Domain) && a.StartDay == 0).ToList();
        foreach (var person in people)
        {
            if (person.WorkEmail is null || targets.Count < 2 || random.NextDouble() >= options.JobChangeRate || shared.Contains(person.Account.Domain))
            {
                continue;
            }

            var next = targets[random.Next(targets.Count)];
            if (next == person.Account || next.Domain == person.Account.Domain)
            {
                continue;
            }

            var day = random.Next(Math.Max(person.Account.StartDay + 30, options.Days / 3), Math.Max(person.Account.StartDay + 31, 2 * options.Days / 3));
            person.NextAccount = next;
            person.MovesAt = start.AddDays(day);
            person.NextWorkEmail = $"{person.FirstName.Latin}.{person.LastName.Latin}.{person.Index}@{next.Domain}";
            next.People.Add(person);
        }
    }

    private static SyntheticPerson NewPerson(Random random, SyntheticAccount account, int index, HashSet<string> usedPhones)
    {
        var first = Vocabulary.FirstNames[random.Next(Vocabulary.FirstNames.Length)];
        var last = Vocabulary.LastNames[random.Next(Vocabulary.LastNames.Length)];
        // About one in eight has free-mail only; at a company with two domains, a third are at the second one.
        var workDomain = account.SecondDomain is not null && random.NextDouble() < 0.33 ? account.SecondDomain : account.Domain;
        var work = workDomain is not null && random.NextDouble() < 0.88
            ? $"{first.Latin}.{last.Latin}{index}@{workDomain}"
            : null;
        var personal = work is null || random.NextDouble() < 0.4
            ? $"{first.Latin}.{last.Latin}{1970 + random.Next(35)}.{index}@{Vocabulary.FreeMail[random.Next(Vocabulary.FreeMail.Length)]}"
            : null;
        var cookies = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => $"ck-{random.NextInt64():x16}").ToArray();
        return new SyntheticPerson
        {
            Index = index,
            TruthId = $"person-{index + 1:D6}",
            Account = account,
            FirstName = first,
            LastName = last,
            CyrillicNames = random.NextDouble() < 0.5,
            Title = Vocabulary.Titles[random.Next(Vocabulary.Titles.Length)],
            Role = Vocabulary.Roles[random.Next(Vocabulary.Roles.Length)],
            WorkEmail = work,
            PersonalEmail = personal,
            Mobile = random.NextDouble() < 0.7 ? UniquePhone(random, usedPhones, "9" + random.Next(10, 99)) : null,
            Cookies = cookies,
            UserId = random.NextDouble() < 0.3 ? $"u-{100000 + index}" : null,
            CrmContactId = account.CrmId is not null && random.NextDouble() < 0.65 ? $"C-{100000 + index}" : null,
            Social = random.NextDouble() < 0.3 ? $"{first.Latin}_{last.Latin}_{index}" : null,
            Activity = Math.Pow(account.Weight, 0.7) * (0.3 + (1.4 * random.NextDouble())),
        };
    }

    /// <summary>A number in [0, 1) fixed by the seed, the account and a salt.</summary>
    private static double Fraction(int seed, int index, int salt)
    {
        Span<byte> key = stackalloc byte[12];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(key, seed);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(key[4..], index);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(key[8..], salt);
        return (System.IO.Hashing.XxHash64.HashToUInt64(key) >> 11) / (double)(1UL << 53);
    }

    private static string UniquePhone(Random random, HashSet<string> used, string prefix)
    {
        while (true)
        {
            var phone = $"+7{prefix}{random.Next(1_000_000, 9_999_999)}";
            if (phone.Length == 12 && used.Add(phone))
            {
                return phone;
            }
        }
    }

    private static int Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        var product = random.NextDouble();
        while (product > limit)
        {
            k++;
            product *= random.NextDouble();
        }

        return k;
    }
}
