using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ProfileUnifier.Lake.Parquet;

namespace ProfileUnifier.Lake.Tests.Parquet;

/// <summary>
/// Columns share a pool of arrays: whatever mix of growing, reordering, clearing and releasing several columns go
/// through, each holds exactly its own rows (an array handed to two columns, or given back while held, would show).
/// </summary>
public sealed class ArrayColumnPoolTests
{
    [Property(MaxTest = 200)]
    public Property Columns_AnyInterleavingOfGrowPermuteClearRelease_EachHoldsItsOwnRows() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue).ArrayOf()), seeds =>
        {
            var numbers = Enumerable.Range(0, 3).Select(i => new Int64Column($"n{i}")).ToArray();
            var texts = Enumerable.Range(0, 3).Select(i => new StringColumn($"s{i}")).ToArray();
            var numberModels = numbers.Select(_ => new List<long>()).ToArray();
            var textModels = texts.Select(_ => new List<string?>()).ToArray();
            foreach (var seed in seeds)
            {
                var random = new Random(seed);
                var which = random.Next(numbers.Length);
                var (number, numberModel) = (numbers[which], numberModels[which]);
                var (text, textModel) = (texts[which], textModels[which]);
                switch (random.Next(5))
                {
                    case 0 or 1:
                        // Enough rows to grow through several of the pool's sizes.
                        foreach (var _ in Enumerable.Range(0, random.Next(1, 3000)))
                        {
                            var value = random.NextInt64();
                            number.Add(value);
                            numberModel.Add(value);
                            var word = random.Next(4) == 0 ? null : value.ToString(System.Globalization.CultureInfo.InvariantCulture);
                            text.Add(word);
                            textModel.Add(word);
                        }

                        break;
                    case 2:
                        var order = Enumerable.Range(0, numberModel.Count).Where(_ => random.Next(3) > 0).OrderBy(_ => random.Next()).ToArray();
                        number.Permute(order);
                        text.Permute(order);
                        Reorder(numberModel, order);
                        Reorder(textModel, order);
                        break;
                    case 3:
                        number.Clear();
                        text.Clear();
                        numberModel.Clear();
                        textModel.Clear();
                        break;
                    default:
                        number.Release();
                        text.Release();
                        numberModel.Clear();
                        textModel.Clear();
                        break;
                }

                for (var i = 0; i < numbers.Length; i++)
                {
                    if (!Holds(numbers[i], numberModels[i]) || !Holds(texts[i], textModels[i]))
                    {
                        return false;
                    }
                }
            }

            return true;
        });

    private static void Reorder<T>(List<T> model, int[] order)
    {
        var reordered = order.Select(i => model[i]).ToList();
        model.Clear();
        model.AddRange(reordered);
    }

    private static bool Holds<T>(ArrayColumn<T> column, List<T> model) =>
        column.Count == model.Count && Enumerable.Range(0, model.Count).All(r => EqualityComparer<T>.Default.Equals(column[r], model[r]));
}
