// Multi-value selects (sectors, statuses, …) become compact tag pickers; the underlying <select> keeps its
// name and values, so forms, HTMX filters and shared links work the same with or without this script.
document.querySelectorAll("select[multiple]").forEach((select) => {
  new TomSelect(select, { plugins: ["remove_button"], maxOptions: null, placeholder: "全部", hidePlaceholder: true });
});
