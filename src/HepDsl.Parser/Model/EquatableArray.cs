using System;
using System.Collections;
using System.Collections.Generic;

namespace HepDsl.Parser.Model
{
    /// <summary>
    /// An immutable array compared by content, so model values (records) compare structurally and the
    /// incremental generator can cache on them. The default value behaves as an empty array.
    /// </summary>
    public readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
    {
        private readonly T[]? _items;

        public EquatableArray(IEnumerable<T> items)
        {
            var list = new List<T>(items);
            _items = list.ToArray();
        }

        public static EquatableArray<T> Empty => default;

        public int Count => _items?.Length ?? 0;

        public T this[int index] => (_items ?? Array.Empty<T>())[index];

        public bool Equals(EquatableArray<T> other)
        {
            var a = _items ?? Array.Empty<T>();
            var b = other._items ?? Array.Empty<T>();
            if (a.Length != b.Length) return false;
            var comparer = EqualityComparer<T>.Default;
            for (var i = 0; i < a.Length; i++)
                if (!comparer.Equals(a[i], b[i])) return false;
            return true;
        }

        public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

        public override int GetHashCode()
        {
            var hash = 17;
            var comparer = EqualityComparer<T>.Default;
            foreach (var item in _items ?? Array.Empty<T>())
                hash = unchecked(hash * 31 + (item is null ? 0 : comparer.GetHashCode(item)));
            return hash;
        }

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(_items ?? Array.Empty<T>())).GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => "[" + string.Join(", ", this) + "]";

        public static bool operator ==(EquatableArray<T> a, EquatableArray<T> b) => a.Equals(b);
        public static bool operator !=(EquatableArray<T> a, EquatableArray<T> b) => !a.Equals(b);
    }

    /// <summary>Conversions to <see cref="EquatableArray{T}"/>.</summary>
    public static class EquatableArray
    {
        public static EquatableArray<T> Create<T>(params T[] items) => new EquatableArray<T>(items);
        public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items) => new EquatableArray<T>(items);
    }
}
