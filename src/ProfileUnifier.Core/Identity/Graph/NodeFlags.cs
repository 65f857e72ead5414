namespace ProfileUnifier.Core.Identity.Graph;

[Flags]
internal enum NodeFlags : ushort
{
    None = 0,

    /// <summary>Seen with more people than the rules allow; permanent (more events cannot undo it).</summary>
    DirectPersonShared = 1,

    /// <summary>Left out of person clusters because it would join two exclusive ids; recomputed each time.</summary>
    ConflictPersonShared = 2,

    DirectAccountShared = 4,
    ConflictAccountShared = 8,

    PersonDirty = 16,
    AccountDirty = 32,

    /// <summary>An email at a company domain (not free-mail): exclusive per domain within a person.</summary>
    WorkEmail = 64,

    /// <summary>
    /// A company key an <c>account</c> block stated at least once (crm_account_id, inn, or a domain given there):
    /// what makes a group of company keys an account. Permanent.
    /// </summary>
    Stated = 128,

    /// <summary>Listed in the overrides as never to link anything (a known shared phone, a test inbox).</summary>
    NeverLink = 256,

    /// <summary>Named in an override pair (must link / never together): its partners are looked up when it is clustered.</summary>
    InOverridePair = 512,

    /// <summary>Its person-level component was last clustered with a conflict evidence decided (see SignatureTable.ContestedLevels).</summary>
    PersonContested = 1024,

    /// <summary>The same on the account level.</summary>
    AccountContested = 2048,

    PersonShared = DirectPersonShared | ConflictPersonShared | NeverLink,
    AccountShared = DirectAccountShared | ConflictAccountShared | NeverLink,
}
