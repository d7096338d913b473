// Suggestions for a school field (data-module="pl-school-suggest"): as the user types, the schools
// matching it (the schools list's JSON, the same search as without JavaScript) fill the field's
// <datalist> as "Name (URN 123456)", which the form reads as that URN. Without JavaScript the same
// field is a search: the page lists the schools a name finds, each with its own Add button.
const DELAY_MS = 250;

export function suggest(input) {
  const list = document.getElementById(input.getAttribute("list"));
  if (!list) return;
  let timer = null;
  let asked = "";
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < 3 || /\(URN \d+\)$/.test(text) || /^\d+$/.test(text)) return;
    timer = setTimeout(async () => {
      asked = text;
      const url = new URL(input.dataset.url, window.location.origin);
      url.searchParams.set("q", text);
      if (input.dataset.la) url.searchParams.set("la", input.dataset.la);
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok || asked !== text) return;
      const body = await response.json();
      list.replaceChildren(
        ...body.tables.schools.rows.slice(0, 20).map((row) => {
          const option = document.createElement("option");
          option.value = `${row.name} (URN ${row.urn})`;
          return option;
        }),
      );
    }, DELAY_MS);
  });
}

for (const input of document.querySelectorAll('[data-module="pl-school-suggest"]')) suggest(input);
