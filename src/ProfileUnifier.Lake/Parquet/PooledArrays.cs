using System.Buffers;
using System.Runtime.CompilerServices;

namespace ProfileUnifier.Lake.Parquet;

/// <summary>
/// Growing and giving back a column's array taken from a pool. A column starts with an empty array, which is not the
/// pool's; every other array it holds came from the pool (one too large for the pool's sizes is dropped on return).
/// </summary>
internal static class PooledArrays
{
    /// <summary>An array of at least <paramref name="size"/> from the pool, holding the first <paramref name="used"/> values of <paramref name="array"/>, which goes back.</summary>
    public static T[] Grown<T>(ArrayPool<T> pool, T[] array, int used, int size)
    {
        var grown = pool.Rent(size);
        array.AsSpan(0, used).CopyTo(grown);
        GiveBack(pool, array);
        return grown;
    }

    /// <summary>Returns an array to the pool, cleared when it holds references (so the pool keeps no value alive).</summary>
    public static void GiveBack<T>(ArrayPool<T> pool, T[] array)
    {
        if (array.Length > 0)
        {
            pool.Return(array, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        }
    }
}
