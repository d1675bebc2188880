#include <gtest/gtest.h>

#include "util/json.h"

namespace tdr::host {
namespace {

TEST(JsonWriter, WritesNestedObjectsAndArraysWithCommas) {
  JsonWriter w;
  w.beginObject().field("id", 7).key("tags").beginArray().value("a").value("b").endArray();
  w.field("ok", true).key("none").null().endObject();
  EXPECT_EQ(w.str(), R"({"id": 7, "tags": ["a", "b"], "ok": true, "none": null})");
}

TEST(JsonWriter, EscapesKeysAndStrings) {
  JsonWriter w;
  w.beginObject().field("say \"hi\"", std::string("line\nnext\t\\")).endObject();
  EXPECT_EQ(w.str(), R"({"say \"hi\"": "line\nnext\t\\"})");
}

TEST(JsonWriter, SplicesStoredJsonOnlyWhenItIsOneValue) {
  JsonWriter w;
  w.beginArray().json(R"({"a": [1, 2]})").json("{broken").json("").endArray();
  // A damaged stored detail becomes a string instead of breaking the document.
  EXPECT_EQ(w.str(), R"([{"a": [1, 2]}, "{broken", ""])");
  EXPECT_TRUE(isJsonValue(w.str()));
}

TEST(JsonWriter, NumbersFromDecimalTextAndEmptyAsNull) {
  JsonWriter w;
  w.beginArray().number("12.50").number("").value(std::size_t{3}).endArray();
  EXPECT_EQ(w.str(), "[12.50, null, 3]");
}

TEST(JsonWriter, OptionalStringIsNullWhenEmpty) {
  JsonWriter w;
  w.beginObject().optional("school", "").optional("name", "王芳").endObject();
  EXPECT_EQ(w.str(), R"({"school": null, "name": "王芳"})");
}

}  // namespace
}  // namespace tdr::host
