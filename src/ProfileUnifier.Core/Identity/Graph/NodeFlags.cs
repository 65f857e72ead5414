namespace ProfileUnifier.Core.Identity.Graph;

[Flags]
internal enum NodeFlags : byte
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

    PersonShared = DirectPersonShared | ConflictPersonShared,
    AccountShared = DirectAccountShared | ConflictAccountShared,
}
