using System.Globalization;
using System.Text;

namespace DonorTrack.Core.Pdf.Skia;

/// <summary>
/// A simplified Unicode Bidirectional Algorithm (UAX #9) for one paragraph without explicit embeddings:
/// enough to order Arabic and Hebrew names and numbers inside left-to-right documents and vice versa.
/// </summary>
internal static class BidiLevels
{
    private enum Kind : byte
    {
        Left,
        Right,
        Number,
        NumberTerminator,
        NumberSeparator,
        Mark,
        Neutral,
    }

    /// <summary>Embedding level per UTF-16 unit (even = left-to-right) and the paragraph's base level.</summary>
    public static (byte[] Levels, byte BaseLevel) Resolve(string text)
    {
        var kinds = Classify(text);
        var baseLevel = (byte)(Array.FindIndex(kinds, k => k is Kind.Left or Kind.Right) is var first && first >= 0 && kinds[first] == Kind.Right ? 1 : 0);
        var embedding = baseLevel == 1 ? Kind.Right : Kind.Left;

        // W1: marks take the kind of what they attach to.
        for (var i = 0; i < kinds.Length; i++)
        {
            if (kinds[i] == Kind.Mark)
            {
                kinds[i] = i == 0 ? embedding : kinds[i - 1];
            }
        }

        // W4: a single separator between two numbers joins them ("1,234.50").
        for (var i = 1; i < kinds.Length - 1; i++)
        {
            if (kinds[i] == Kind.NumberSeparator && kinds[i - 1] == Kind.Number && kinds[i + 1] == Kind.Number)
            {
                kinds[i] = Kind.Number;
            }
        }

        // W5: currency and percent signs next to a number belong to it; W6: other separators are neutral.
        for (var i = 0; i < kinds.Length; i++)
        {
            if (kinds[i] != Kind.NumberTerminator)
            {
                continue;
            }

            var end = i;
            while (end < kinds.Length && kinds[end] == Kind.NumberTerminator)
            {
                end++;
            }

            var touchesNumber = (i > 0 && kinds[i - 1] == Kind.Number) || (end < kinds.Length && kinds[end] == Kind.Number);
            Array.Fill(kinds, touchesNumber ? Kind.Number : Kind.Neutral, i, end - i);
            i = end - 1;
        }

        for (var i = 0; i < kinds.Length; i++)
        {
            if (kinds[i] == Kind.NumberSeparator)
            {
                kinds[i] = Kind.Neutral;
            }
        }

        // W7: numbers after left-to-right text are plain left-to-right text.
        var lastStrong = embedding;
        for (var i = 0; i < kinds.Length; i++)
        {
            if (kinds[i] is Kind.Left or Kind.Right)
            {
                lastStrong = kinds[i];
            }
            else if (kinds[i] == Kind.Number && lastStrong == Kind.Left)
            {
                kinds[i] = Kind.Left;
            }
        }

        // N1/N2: neutrals between two runs of the same direction take it; otherwise the paragraph's.
        for (var i = 0; i < kinds.Length; i++)
        {
            if (kinds[i] != Kind.Neutral)
            {
                continue;
            }

            var end = i;
            while (end < kinds.Length && kinds[end] == Kind.Neutral)
            {
                end++;
            }

            var before = i == 0 ? embedding : Direction(kinds[i - 1]);
            var after = end == kinds.Length ? embedding : Direction(kinds[end]);
            Array.Fill(kinds, before == after ? before : embedding, i, end - i);
            i = end - 1;
        }

        // I1/I2.
        var levels = new byte[kinds.Length];
        for (var i = 0; i < kinds.Length; i++)
        {
            levels[i] = (baseLevel, kinds[i]) switch
            {
                (0, Kind.Left) => 0,
                (0, Kind.Right) => 1,
                (0, _) => 2,
                (_, Kind.Right) => 1,
                _ => 2,
            };
        }

        return (levels, baseLevel);
    }

    /// <summary>Visual order of items on one line from their levels (rule L2).</summary>
    public static int[] VisualOrder(IReadOnlyList<byte> levels)
    {
        var order = Enumerable.Range(0, levels.Count).ToArray();
        if (levels.Count == 0)
        {
            return order;
        }

        var highest = levels.Max();
        var lowestOdd = levels.Where(level => level % 2 == 1).DefaultIfEmpty((byte)(highest + 1)).Min();
        for (var level = highest; level >= lowestOdd && level > 0; level--)
        {
            for (var i = 0; i < order.Length; i++)
            {
                if (levels[order[i]] < level)
                {
                    continue;
                }

                var end = i;
                while (end < order.Length && levels[order[end]] >= level)
                {
                    end++;
                }

                Array.Reverse(order, i, end - i);
                i = end;
            }
        }

        return order;
    }

    private static Kind Direction(Kind kind) => kind == Kind.Left ? Kind.Left : Kind.Right;

    private static Kind[] Classify(string text)
    {
        var kinds = new Kind[text.Length];
        var index = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            Array.Fill(kinds, Classify(rune), index, rune.Utf16SequenceLength);
            index += rune.Utf16SequenceLength;
        }

        return kinds;
    }

    private static Kind Classify(Rune rune)
    {
        var value = rune.Value;
        if (value is (>= '0' and <= '9') or (>= 0x0660 and <= 0x0669) or (>= 0x06F0 and <= 0x06F9))
        {
            return Kind.Number;
        }

        if (value is 0x200F or 0x061C
            or (>= 0x0590 and <= 0x08FF) or (>= 0xFB1D and <= 0xFDFF) or (>= 0xFE70 and <= 0xFEFF) or (>= 0x10800 and <= 0x10FFF)
            or (>= 0x1E800 and <= 0x1EFFF))
        {
            return Kind.Right;
        }

        if (value == 0x200E)
        {
            return Kind.Left;
        }

        if (value is '#' or '%' or 0x00B0 or 0x2030)
        {
            return Kind.NumberTerminator;
        }

        if (value is ',' or '.' or ':' or '/' or '+' or '-' or 0x00A0)
        {
            return Kind.NumberSeparator;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.CurrencySymbol => Kind.NumberTerminator,
            UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format => Kind.Mark,
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber
                or UnicodeCategory.OtherNumber or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.PrivateUse => Kind.Left,
            _ => Kind.Neutral,
        };
    }
}
