using ProfileUnifier.Core.Events;
using ProfileUnifier.Lake.Delta;

namespace ProfileUnifier.Lake.Reading;

/// <summary>
/// Reads committed touchpoints back as events (what the identity engine needs of them), to rebuild the engine's
/// state from the lake: all of them, or only those of batches after a checkpoint (files whose statistics show no
/// later batch are not opened).
/// </summary>
public static class TouchpointReader
{
    public const string BatchColumn = "txn";

    /// <summary>The live files of <paramref name="touchpoints"/> that may hold rows of batches after <paramref name="afterBatch"/>.</summary>
    public static IEnumerable<AddFile> FilesAfter(DeltaSnapshot touchpoints, long afterBatch) =>
        touchpoints.OrderedFiles.Where(f => afterBatch <= 0 || (FileStatistics.MaxLong(f, BatchColumn) ?? long.MaxValue) > afterBatch);

    /// <param name="vault">A pseudonymised lake's: the person's identifiers and names are tokens in the files, read back as values.</param>
    public static async IAsyncEnumerable<IncomingEvent> ReadAsync(string tableRoot, IEnumerable<AddFile> files, long afterBatch,
        Privacy.IdentifierVault? vault = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var file in files)
        {
            var source = SourceOf(file);
            await foreach (var columns in ParquetRowGroups.ReadAsync([DeltaPaths.Resolve(tableRoot, file.FilePath)], ct))
            {
                var batch = await columns.Longs(BatchColumn);
                if (afterBatch > 0 && batch.All(b => b <= afterBatch))
                {
                    continue;
                }

                var n = columns.Rows;
                var eventId = await columns.Strings("event_id");
                var type = await columns.Strings("type");
                var occurredAt = await columns.Timestamps("occurred_at");
                var email = Clear(await columns.Strings("email"), vault);
                var roleEmail = Clear(await columns.Strings("role_email"), vault);
                var phone = Clear(await columns.Strings("phone"), vault);
                var anonymousId = Clear(await columns.Strings("anonymous_id"), vault);
                var userId = Clear(await columns.Strings("user_id"), vault);
                var crmContactId = Clear(await columns.Strings("crm_contact_id"), vault);
                var social = Clear(await columns.Strings("social"), vault);
                var crmAccountId = await columns.Strings("crm_account_id");
                var inn = await columns.Strings("inn");
                var domain = await columns.Strings("domain");
                var companyName = await columns.Strings("company_name");
                var industry = await columns.Strings("industry");
                var region = await columns.Strings("region");
                var employees = await columns.NullableInts("employees");
                var firstName = Clear(await columns.Strings("first_name"), vault);
                var lastName = Clear(await columns.Strings("last_name"), vault);
                var title = await columns.Strings("title");
                var role = await columns.Strings("role");
                var orderId = await columns.Strings("order_id");
                var amount = await columns.NullableDoubles("amount");
                var currency = await columns.Strings("currency");
                var margin = await columns.NullableDoubles("margin");
                var discount = await columns.NullableDoubles("discount");
                for (var i = 0; i < n; i++)
                {
                    if (batch[i] <= afterBatch)
                    {
                        continue;
                    }

                    var hasAccount = crmAccountId[i] ?? inn[i] ?? domain[i] ?? companyName[i] ?? industry[i] ?? region[i];
                    var hasTraits = firstName[i] ?? lastName[i] ?? title[i] ?? role[i];
                    yield return new IncomingEvent
                    {
                        EventId = eventId[i]!,
                        Source = source,
                        Type = EventCatalog.FindType(source, type[i]!) ?? type[i]!,
                        OccurredAt = new DateTimeOffset(DateTime.SpecifyKind(occurredAt[i], DateTimeKind.Utc)),
                        Identifiers = new RawIdentifiers
                        {
                            Email = email[i] ?? roleEmail[i],
                            Phone = phone[i],
                            AnonymousId = anonymousId[i],
                            UserId = userId[i],
                            CrmContactId = crmContactId[i],
                            Social = social[i],
                        },
                        Account = hasAccount is null && employees[i] is null ? null : new AccountBlock
                        {
                            AccountId = crmAccountId[i],
                            Inn = inn[i],
                            Domain = domain[i],
                            Name = companyName[i],
                            Industry = industry[i],
                            Region = region[i],
                            Employees = employees[i],
                        },
                        Traits = hasTraits is null ? null : new Traits
                        {
                            FirstName = firstName[i], LastName = lastName[i], Title = title[i], Role = role[i],
                        },
                        Properties = orderId[i] is null ? EventProperties.None : new EventProperties
                        {
                            OrderId = orderId[i], Amount = amount[i], Currency = currency[i], Margin = margin[i], Discount = discount[i],
                        },
                    };
                }
            }
        }
    }

    private static string?[] Clear(string?[] values, Privacy.IdentifierVault? vault)
    {
        for (var i = 0; vault is not null && i < values.Length; i++)
        {
            values[i] = vault.Reveal(values[i]);
        }

        return values;
    }

    /// <summary>The source a touchpoint file holds, from its partition values.</summary>
    public static EventSource SourceOf(AddFile file) =>
        file.PartitionValues.GetValueOrDefault("source") is { } wire && EventSources.TryParse(wire, out var source)
            ? source
            : throw new InvalidDataException($"touchpoints file {file.FilePath} has no valid source partition value");
}
