using System.Buffers.Binary;
using System.Text;

namespace DonorTrack.Core.Pdf.Skia;

/// <summary>
/// Reduces a TrueType (glyf-outline) font to the glyphs a document uses, keeping every glyph id in place
/// so already-shaped glyph runs stay valid; unused glyphs become empty outlines.
/// </summary>
/// <remarks>
/// The SkiaSharp native builds ship without Skia's font subsetter and would embed each whole font
/// (Noto Sans alone is ~260 KB compressed). CFF-outline fonts are left to Skia, which draws them as Type 3 glyphs.
/// </remarks>
internal static class TrueTypeGlyphSubsetter
{
    // Everything needed to draw and extract text; layout tables (GSUB, GPOS, kern...) are not, shaping is done already.
    private static readonly string[] CopiedTables = ["cmap", "cvt ", "fpgm", "gasp", "hhea", "maxp", "name", "OS/2", "prep"];

    /// <summary>The reduced font file, or null when the font is not a glyf-based TrueType font this can handle.</summary>
    public static byte[]? Subset(byte[] file, int faceIndex, IReadOnlySet<ushort> usedGlyphs)
    {
        var tables = ReadTableDirectory(file, faceIndex);
        if (tables is null || !new[] { "head", "hhea", "hmtx", "maxp", "loca", "glyf" }.All(tables.ContainsKey))
        {
            return null;
        }

        var head = Slice(file, tables["head"]);
        var maxp = Slice(file, tables["maxp"]);
        var hhea = Slice(file, tables["hhea"]);
        var longOffsets = BinaryPrimitives.ReadInt16BigEndian(head.AsSpan(50)) == 1;
        var glyphCount = BinaryPrimitives.ReadUInt16BigEndian(maxp.AsSpan(4));
        var loca = Slice(file, tables["loca"]);
        var glyf = Slice(file, tables["glyf"]);
        var offsets = new int[glyphCount + 1];
        for (var i = 0; i <= glyphCount; i++)
        {
            offsets[i] = longOffsets
                ? (int)BinaryPrimitives.ReadUInt32BigEndian(loca.AsSpan(i * 4))
                : BinaryPrimitives.ReadUInt16BigEndian(loca.AsSpan(i * 2)) * 2;
        }

        var keep = WithComponents(usedGlyphs, glyf, offsets, glyphCount);

        using var newGlyf = new MemoryStream();
        var newOffsets = new int[glyphCount + 1];
        for (var glyph = 0; glyph < glyphCount; glyph++)
        {
            if (keep.Contains(glyph) && offsets[glyph + 1] > offsets[glyph])
            {
                newGlyf.Write(glyf, offsets[glyph], offsets[glyph + 1] - offsets[glyph]);
                while (newGlyf.Length % 4 != 0)
                {
                    newGlyf.WriteByte(0);
                }
            }

            newOffsets[glyph + 1] = (int)newGlyf.Length;
        }

        var newLongOffsets = newGlyf.Length / 2 > ushort.MaxValue;
        var newLoca = new byte[(glyphCount + 1) * (newLongOffsets ? 4 : 2)];
        for (var i = 0; i <= glyphCount; i++)
        {
            if (newLongOffsets)
            {
                BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(i * 4), (uint)newOffsets[i]);
            }
            else
            {
                BinaryPrimitives.WriteUInt16BigEndian(newLoca.AsSpan(i * 2), (ushort)(newOffsets[i] / 2));
            }
        }

        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(50), (short)(newLongOffsets ? 1 : 0));
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(8), 0);

        var output = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["head"] = head,
            ["loca"] = newLoca,
            ["glyf"] = newGlyf.ToArray(),
            ["hmtx"] = ClearUnusedMetrics(Slice(file, tables["hmtx"]), hhea, keep, glyphCount),
        };
        foreach (var tag in CopiedTables.Where(tables.ContainsKey))
        {
            output[tag] = Slice(file, tables[tag]);
        }

        if (tables.TryGetValue("post", out var post) && post.Length >= 32)
        {
            // Version 3 drops the glyph-name list, which can be larger than the outlines a receipt uses.
            var header = file.AsSpan(post.Offset, 32).ToArray();
            BinaryPrimitives.WriteUInt32BigEndian(header, 0x00030000);
            output["post"] = header;
        }

        return Write(output);
    }

    private static HashSet<int> WithComponents(IReadOnlySet<ushort> used, byte[] glyf, int[] offsets, int glyphCount)
    {
        var keep = new HashSet<int>();
        var pending = new Stack<int>(used.Where(g => g < glyphCount).Select(g => (int)g).Append(0));
        while (pending.Count > 0)
        {
            var glyph = pending.Pop();
            if (!keep.Add(glyph))
            {
                continue;
            }

            var start = offsets[glyph];
            if (offsets[glyph + 1] - start < 10 || BinaryPrimitives.ReadInt16BigEndian(glyf.AsSpan(start)) >= 0)
            {
                continue;
            }

            // Composite glyph: walk its component records (OpenType spec, 'glyf' composite description).
            var position = start + 10;
            ushort flags;
            do
            {
                flags = BinaryPrimitives.ReadUInt16BigEndian(glyf.AsSpan(position));
                var component = BinaryPrimitives.ReadUInt16BigEndian(glyf.AsSpan(position + 2));
                if (component < glyphCount && !keep.Contains(component))
                {
                    pending.Push(component);
                }

                position += 4 + ((flags & 0x0001) != 0 ? 4 : 2);
                position += (flags & 0x0008) != 0 ? 2 : (flags & 0x0040) != 0 ? 4 : (flags & 0x0080) != 0 ? 8 : 0;
            }
            while ((flags & 0x0020) != 0 && position + 4 <= offsets[glyph + 1]);
        }

        return keep;
    }

    private static byte[] ClearUnusedMetrics(byte[] hmtx, byte[] hhea, HashSet<int> keep, int glyphCount)
    {
        var longMetrics = BinaryPrimitives.ReadUInt16BigEndian(hhea.AsSpan(34));
        for (var glyph = 0; glyph < glyphCount; glyph++)
        {
            // The last full metric also supplies the advance of every glyph after it, so it stays.
            if (keep.Contains(glyph) || glyph == longMetrics - 1)
            {
                continue;
            }

            var (offset, length) = glyph < longMetrics ? (glyph * 4, 4) : ((longMetrics * 4) + ((glyph - longMetrics) * 2), 2);
            if (offset + length <= hmtx.Length)
            {
                hmtx.AsSpan(offset, length).Clear();
            }
        }

        return hmtx;
    }

    private static Dictionary<string, (int Offset, int Length)>? ReadTableDirectory(byte[] file, int faceIndex)
    {
        if (file.Length < 12)
        {
            return null;
        }

        var directory = 0;
        if (Encoding.ASCII.GetString(file, 0, 4) == "ttcf")
        {
            var faces = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(8));
            if (faceIndex < 0 || faceIndex >= faces)
            {
                return null;
            }

            directory = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(12 + (4 * faceIndex)));
        }

        var version = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(directory));
        if (version != 0x00010000 && version != 0x74727565)
        {
            return null;
        }

        var count = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(directory + 4));
        var tables = new Dictionary<string, (int Offset, int Length)>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var record = directory + 12 + (16 * i);
            var offset = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(record + 8));
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(record + 12));
            if (offset < 0 || length < 0 || (long)offset + length > file.Length)
            {
                return null;
            }

            tables[Encoding.ASCII.GetString(file, record, 4)] = (offset, length);
        }

        return tables;
    }

    private static byte[] Slice(byte[] file, (int Offset, int Length) table) => file.AsSpan(table.Offset, table.Length).ToArray();

    private static byte[] Write(SortedDictionary<string, byte[]> tables)
    {
        var count = tables.Count;
        var power = 1;
        var log = 0;
        while (power * 2 <= count)
        {
            power *= 2;
            log++;
        }

        var headerLength = 12 + (16 * count);
        var total = headerLength + tables.Values.Sum(t => Padded(t.Length));
        var font = new byte[total];
        BinaryPrimitives.WriteUInt32BigEndian(font, 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(font.AsSpan(4), (ushort)count);
        BinaryPrimitives.WriteUInt16BigEndian(font.AsSpan(6), (ushort)(power * 16));
        BinaryPrimitives.WriteUInt16BigEndian(font.AsSpan(8), (ushort)log);
        BinaryPrimitives.WriteUInt16BigEndian(font.AsSpan(10), (ushort)((count * 16) - (power * 16)));

        var record = 12;
        var offset = headerLength;
        var headOffset = -1;
        foreach (var (tag, data) in tables)
        {
            Encoding.ASCII.GetBytes(tag, font.AsSpan(record));
            data.CopyTo(font, offset);
            BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(record + 4), Checksum(font.AsSpan(offset, Padded(data.Length))));
            BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(record + 8), (uint)offset);
            BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(record + 12), (uint)data.Length);
            headOffset = tag == "head" ? offset : headOffset;
            record += 16;
            offset += Padded(data.Length);
        }

        BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(headOffset + 8), unchecked(0xB1B0AFBA - Checksum(font)));
        return font;
    }

    private static int Padded(int length) => (length + 3) & ~3;

    private static uint Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (var i = 0; i + 4 <= data.Length; i += 4)
        {
            sum = unchecked(sum + BinaryPrimitives.ReadUInt32BigEndian(data[i..]));
        }

        return sum;
    }
}
