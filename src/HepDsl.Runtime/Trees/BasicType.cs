using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Root.Streamed;

namespace HepDsl.Runtime.Trees;

/// <summary>Maps ROOT's leaf classes, type names and EDataType codes to column types and on-disk sizes.</summary>
internal static class BasicType
{
    public static (ColumnType Type, int Size, string RootName)? OfLeaf(LeafRecord leaf) => leaf.ClassName switch
    {
        "TLeafO" => (ColumnType.Bool, 1, "Bool_t"),
        "TLeafB" => leaf.IsUnsigned ? (ColumnType.UInt8, 1, "UChar_t") : (ColumnType.Int8, 1, "Char_t"),
        "TLeafS" => leaf.IsUnsigned ? (ColumnType.UInt16, 2, "UShort_t") : (ColumnType.Int16, 2, "Short_t"),
        "TLeafI" => leaf.IsUnsigned ? (ColumnType.UInt32, 4, "UInt_t") : (ColumnType.Int32, 4, "Int_t"),
        "TLeafL" => leaf.IsUnsigned ? (ColumnType.UInt64, 8, "ULong64_t") : (ColumnType.Int64, 8, "Long64_t"),
        "TLeafG" => leaf.IsUnsigned ? (ColumnType.UInt64, 8, "ULong_t") : (ColumnType.Int64, 8, "Long_t"),
        "TLeafF" => (ColumnType.Float32, 4, "Float_t"),
        "TLeafD" => (ColumnType.Float64, 8, "Double_t"),
        "TLeafF16" => (ColumnType.Float32, 4, "Float16_t"),
        "TLeafD32" => (ColumnType.Float64, 4, "Double32_t"),
        "TLeafC" => (ColumnType.String, 1, "Char_t*"),
        _ => null,
    };

    /// <summary>ROOT EDataType codes (TStreamerElement / TLeafElement types) of basic values.</summary>
    public static (ColumnType Type, int Size, string RootName)? OfCode(int code) => code switch
    {
        1 => (ColumnType.Int8, 1, "Char_t"),
        2 => (ColumnType.Int16, 2, "Short_t"),
        3 or 6 => (ColumnType.Int32, 4, "Int_t"),
        4 or 16 => (ColumnType.Int64, 8, "Long64_t"),
        5 => (ColumnType.Float32, 4, "Float_t"),
        8 => (ColumnType.Float64, 8, "Double_t"),
        11 => (ColumnType.UInt8, 1, "UChar_t"),
        12 => (ColumnType.UInt16, 2, "UShort_t"),
        13 => (ColumnType.UInt32, 4, "UInt_t"),
        14 or 17 => (ColumnType.UInt64, 8, "ULong64_t"),
        18 => (ColumnType.Bool, 1, "Bool_t"),
        _ => null,
    };

    /// <summary>C++ spellings inside <c>vector&lt;...&gt;</c>.</summary>
    public static (ColumnType Type, int Size, string RootName)? OfName(string name) => name switch
    {
        "bool" or "Bool_t" => (ColumnType.Bool, 1, "bool"),
        "char" or "signed char" or "Char_t" or "int8_t" => (ColumnType.Int8, 1, "char"),
        "unsigned char" or "UChar_t" or "uint8_t" => (ColumnType.UInt8, 1, "unsigned char"),
        "short" or "Short_t" or "int16_t" => (ColumnType.Int16, 2, "short"),
        "unsigned short" or "UShort_t" or "uint16_t" => (ColumnType.UInt16, 2, "unsigned short"),
        "int" or "Int_t" or "int32_t" => (ColumnType.Int32, 4, "int"),
        "unsigned int" or "UInt_t" or "uint32_t" => (ColumnType.UInt32, 4, "unsigned int"),
        "long" or "long long" or "Long64_t" or "Long_t" or "int64_t" => (ColumnType.Int64, 8, "long"),
        "unsigned long" or "unsigned long long" or "ULong64_t" or "ULong_t" or "uint64_t" => (ColumnType.UInt64, 8, "unsigned long"),
        "float" or "Float_t" => (ColumnType.Float32, 4, "float"),
        "double" or "Double_t" => (ColumnType.Float64, 8, "double"),
        _ => null,
    };
}
