#pragma once

#include <soci/type-conversion-traits.h>

#include <optional>

namespace soci {

/// Lets SOCI 4.0.3 (which only knows boost::optional) bind std::optional<T>: empty <-> NULL.
template <typename T>
struct type_conversion<std::optional<T>> {
  typedef typename type_conversion<T>::base_type base_type;

  static void from_base(base_type const& in, indicator ind, std::optional<T>& out) {
    if (ind == i_null) {
      out.reset();
      return;
    }
    T tmp = T();
    type_conversion<T>::from_base(in, ind, tmp);
    out = std::move(tmp);
  }

  static void to_base(std::optional<T> const& in, base_type& out, indicator& ind) {
    if (in.has_value()) {
      type_conversion<T>::to_base(*in, out, ind);
    } else {
      ind = i_null;
    }
  }
};

}  // namespace soci
