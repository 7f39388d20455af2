import type { ComponentChildren } from 'preact';

/**
 * The admin screens' table: scrollable on a narrow screen, named by a heading (`labelledBy`) or a
 * hidden caption, with one header cell per column. `children` are the body rows.
 */
export function AdminTable(props: { class?: string; labelledBy?: string; caption?: string; columns: string[]; children: ComponentChildren }) {
  return (
    <div class="table-wrap">
      <table class={props.class ? `admin-table ${props.class}` : 'admin-table'} aria-labelledby={props.labelledBy}>
        {props.caption && <caption class="visually-hidden">{props.caption}</caption>}
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th scope="col" key={column}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
